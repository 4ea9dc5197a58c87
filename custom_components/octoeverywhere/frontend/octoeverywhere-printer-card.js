// OctoEverywhere printer card. Built from frontend/ (npm run build): do not edit.
var Z=globalThis,J=Z.ShadowRoot&&(Z.ShadyCSS===void 0||Z.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ie=Symbol(),$e=new WeakMap,U=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==ie)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(J&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=$e.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&$e.set(t,e))}return e}toString(){return this.cssText}},be=i=>new U(typeof i=="string"?i:i+"",void 0,ie),ne=(i,...e)=>{let t=i.length===1?i[0]:e.reduce((r,n,s)=>r+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(n)+i[s+1],i[0]);return new U(t,i,ie)},we=(i,e)=>{if(J)i.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),n=Z.litNonce;n!==void 0&&r.setAttribute("nonce",n),r.textContent=t.cssText,i.appendChild(r)}},se=J?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return be(t)})(i):i;var{is:Je,defineProperty:Ye,getOwnPropertyDescriptor:Qe,getOwnPropertyNames:Xe,getOwnPropertySymbols:et,getPrototypeOf:tt}=Object,Y=globalThis,xe=Y.trustedTypes,rt=xe?xe.emptyScript:"",it=Y.reactiveElementPolyfillSupport,V=(i,e)=>i,oe={toAttribute(i,e){switch(e){case Boolean:i=i?rt:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let t=i;switch(e){case Boolean:t=i!==null;break;case Number:t=i===null?null:Number(i);break;case Object:case Array:try{t=JSON.parse(i)}catch{t=null}}return t}},Ee=(i,e)=>!Je(i,e),Ae={attribute:!0,type:String,converter:oe,reflect:!1,useDefault:!1,hasChanged:Ee};Symbol.metadata??=Symbol("metadata"),Y.litPropertyMetadata??=new WeakMap;var C=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=Ae){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),n=this.getPropertyDescriptor(e,r,t);n!==void 0&&Ye(this.prototype,e,n)}}static getPropertyDescriptor(e,t,r){let{get:n,set:s}=Qe(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:n,set(o){let f=n?.call(this);s?.call(this,o),this.requestUpdate(e,f,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??Ae}static _$Ei(){if(this.hasOwnProperty(V("elementProperties")))return;let e=tt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(V("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(V("properties"))){let t=this.properties,r=[...Xe(t),...et(t)];for(let n of r)this.createProperty(n,t[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,n]of t)this.elementProperties.set(r,n)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let n=this._$Eu(t,r);n!==void 0&&this._$Eh.set(n,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let n of r)t.unshift(se(n))}else e!==void 0&&t.push(se(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return we(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),n=this.constructor._$Eu(e,r);if(n!==void 0&&r.reflect===!0){let s=(r.converter?.toAttribute!==void 0?r.converter:oe).toAttribute(t,r.type);this._$Em=e,s==null?this.removeAttribute(n):this.setAttribute(n,s),this._$Em=null}}_$AK(e,t){let r=this.constructor,n=r._$Eh.get(e);if(n!==void 0&&this._$Em!==n){let s=r.getPropertyOptions(n),o=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:oe;this._$Em=n;let f=o.fromAttribute(t,s.type);this[n]=f??this._$Ej?.get(n)??f,this._$Em=null}}requestUpdate(e,t,r,n=!1,s){if(e!==void 0){let o=this.constructor;if(n===!1&&(s=this[e]),r??=o.getPropertyOptions(e),!((r.hasChanged??Ee)(s,t)||r.useDefault&&r.reflect&&s===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:n,wrapped:s},o){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),s!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),n===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[n,s]of this._$Ep)this[n]=s;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[n,s]of r){let{wrapped:o}=s,f=this[n];o!==!0||this._$AL.has(n)||f===void 0||this.C(n,void 0,s,f)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};C.elementStyles=[],C.shadowRootOptions={mode:"open"},C[V("elementProperties")]=new Map,C[V("finalized")]=new Map,it?.({ReactiveElement:C}),(Y.reactiveElementVersions??=[]).push("2.1.2");var ue=globalThis,Ce=i=>i,Q=ue.trustedTypes,Se=Q?Q.createPolicy("lit-html",{createHTML:i=>i}):void 0,Me="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,Ne="?"+S,nt=`<${Ne}>`,T=document,D=()=>T.createComment(""),I=i=>i===null||typeof i!="object"&&typeof i!="function",me=Array.isArray,st=i=>me(i)||typeof i?.[Symbol.iterator]=="function",ae=`[ 	
\f\r]`,z=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ke=/-->/g,Pe=/>/g,k=RegExp(`>|${ae}(?:([^\\s"'>=/]+)(${ae}*=${ae}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Te=/'/g,Re=/"/g,Le=/^(?:script|style|textarea|title)$/i,fe=i=>(e,...t)=>({_$litType$:i,strings:e,values:t}),p=fe(1),St=fe(2),kt=fe(3),R=Symbol.for("lit-noChange"),d=Symbol.for("lit-nothing"),He=new WeakMap,P=T.createTreeWalker(T,129);function Oe(i,e){if(!me(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return Se!==void 0?Se.createHTML(e):e}var ot=(i,e)=>{let t=i.length-1,r=[],n,s=e===2?"<svg>":e===3?"<math>":"",o=z;for(let f=0;f<t;f++){let a=i[f],l,m,u=-1,y=0;for(;y<a.length&&(o.lastIndex=y,m=o.exec(a),m!==null);)y=o.lastIndex,o===z?m[1]==="!--"?o=ke:m[1]!==void 0?o=Pe:m[2]!==void 0?(Le.test(m[2])&&(n=RegExp("</"+m[2],"g")),o=k):m[3]!==void 0&&(o=k):o===k?m[0]===">"?(o=n??z,u=-1):m[1]===void 0?u=-2:(u=o.lastIndex-m[2].length,l=m[1],o=m[3]===void 0?k:m[3]==='"'?Re:Te):o===Re||o===Te?o=k:o===ke||o===Pe?o=z:(o=k,n=void 0);let v=o===k&&i[f+1].startsWith("/>")?" ":"";s+=o===z?a+nt:u>=0?(r.push(l),a.slice(0,u)+Me+a.slice(u)+S+v):a+S+(u===-2?f:v)}return[Oe(i,s+(i[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},j=class i{constructor({strings:e,_$litType$:t},r){let n;this.parts=[];let s=0,o=0,f=e.length-1,a=this.parts,[l,m]=ot(e,t);if(this.el=i.createElement(l,r),P.currentNode=this.el.content,t===2||t===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(n=P.nextNode())!==null&&a.length<f;){if(n.nodeType===1){if(n.hasAttributes())for(let u of n.getAttributeNames())if(u.endsWith(Me)){let y=m[o++],v=n.getAttribute(u).split(S),b=/([.?@])?(.*)/.exec(y);a.push({type:1,index:s,name:b[2],strings:v,ctor:b[1]==="."?ce:b[1]==="?"?de:b[1]==="@"?pe:L}),n.removeAttribute(u)}else u.startsWith(S)&&(a.push({type:6,index:s}),n.removeAttribute(u));if(Le.test(n.tagName)){let u=n.textContent.split(S),y=u.length-1;if(y>0){n.textContent=Q?Q.emptyScript:"";for(let v=0;v<y;v++)n.append(u[v],D()),P.nextNode(),a.push({type:2,index:++s});n.append(u[y],D())}}}else if(n.nodeType===8)if(n.data===Ne)a.push({type:2,index:s});else{let u=-1;for(;(u=n.data.indexOf(S,u+1))!==-1;)a.push({type:7,index:s}),u+=S.length-1}s++}}static createElement(e,t){let r=T.createElement("template");return r.innerHTML=e,r}};function N(i,e,t=i,r){if(e===R)return e;let n=r!==void 0?t._$Co?.[r]:t._$Cl,s=I(e)?void 0:e._$litDirective$;return n?.constructor!==s&&(n?._$AO?.(!1),s===void 0?n=void 0:(n=new s(i),n._$AT(i,t,r)),r!==void 0?(t._$Co??=[])[r]=n:t._$Cl=n),n!==void 0&&(e=N(i,n._$AS(i,e.values),n,r)),e}var le=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,n=(e?.creationScope??T).importNode(t,!0);P.currentNode=n;let s=P.nextNode(),o=0,f=0,a=r[0];for(;a!==void 0;){if(o===a.index){let l;a.type===2?l=new K(s,s.nextSibling,this,e):a.type===1?l=new a.ctor(s,a.name,a.strings,this,e):a.type===6&&(l=new he(s,this,e)),this._$AV.push(l),a=r[++f]}o!==a?.index&&(s=P.nextNode(),o++)}return P.currentNode=T,n}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},K=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,n){this.type=2,this._$AH=d,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=n,this._$Cv=n?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=N(this,e,t),I(e)?e===d||e==null||e===""?(this._$AH!==d&&this._$AR(),this._$AH=d):e!==this._$AH&&e!==R&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):st(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==d&&I(this._$AH)?this._$AA.nextSibling.data=e:this.T(T.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,n=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=j.createElement(Oe(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===n)this._$AH.p(t);else{let s=new le(n,this),o=s.u(this.options);s.p(t),this.T(o),this._$AH=s}}_$AC(e){let t=He.get(e.strings);return t===void 0&&He.set(e.strings,t=new j(e)),t}k(e){me(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,n=0;for(let s of e)n===t.length?t.push(r=new i(this.O(D()),this.O(D()),this,this.options)):r=t[n],r._$AI(s),n++;n<t.length&&(this._$AR(r&&r._$AB.nextSibling,n),t.length=n)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=Ce(e).nextSibling;Ce(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},L=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,n,s){this.type=1,this._$AH=d,this._$AN=void 0,this.element=e,this.name=t,this._$AM=n,this.options=s,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=d}_$AI(e,t=this,r,n){let s=this.strings,o=!1;if(s===void 0)e=N(this,e,t,0),o=!I(e)||e!==this._$AH&&e!==R,o&&(this._$AH=e);else{let f=e,a,l;for(e=s[0],a=0;a<s.length-1;a++)l=N(this,f[r+a],t,a),l===R&&(l=this._$AH[a]),o||=!I(l)||l!==this._$AH[a],l===d?e=d:e!==d&&(e+=(l??"")+s[a+1]),this._$AH[a]=l}o&&!n&&this.j(e)}j(e){e===d?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},ce=class extends L{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===d?void 0:e}},de=class extends L{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==d)}},pe=class extends L{constructor(e,t,r,n,s){super(e,t,r,n,s),this.type=5}_$AI(e,t=this){if((e=N(this,e,t,0)??d)===R)return;let r=this._$AH,n=e===d&&r!==d||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,s=e!==d&&(r===d||n);n&&this.element.removeEventListener(this.name,this,r),s&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},he=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){N(this,e)}};var at=ue.litHtmlPolyfillSupport;at?.(j,K),(ue.litHtmlVersions??=[]).push("3.3.3");var Ue=(i,e,t)=>{let r=t?.renderBefore??e,n=r._$litPart$;if(n===void 0){let s=t?.renderBefore??null;r._$litPart$=n=new K(e.insertBefore(D(),s),s,void 0,t??{})}return n._$AI(i),n};var ge=globalThis,E=class extends C{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Ue(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return R}};E._$litElement$=!0,E.finalized=!0,ge.litElementHydrateSupport?.({LitElement:E});var lt=ge.litElementPolyfillSupport;lt?.({LitElement:E});(ge.litElementVersions??=[]).push("4.2.2");var Ve={"card.name":"OctoEverywhere printer","card.description":"Any printer connected to OctoEverywhere: webcam, progress, temperatures, materials, Gadget and controls.","card.no_device":"Choose a printer in the card's settings.","card.device_missing":"This printer is not in Home Assistant anymore.","status.connected":"Connected","status.not_connected":"Not connected","status.gadget_warning":"Gadget warning","offline.offline":"The printer is offline. The card fills in again as soon as it is back.","offline.unavailable":"Home Assistant cannot reach the printer right now.","camera.open":"Open the live view of {name}","progress.label":"Print progress","progress.time_left":"Time left","progress.finish":"Finish","progress.layer":"Layer","progress.layer_value":"{current} / {total}","temperature.title":"Temperatures","temperature.hotend":"Hotend","temperature.bed":"Bed","temperature.chamber":"Chamber","temperature.target":"Target","temperature.set_target":"{heater} target","material.title":"Materials","material.empty":"Empty","material.unknown":"Unknown","material.active":"In use","material.remaining":"{percent} % left","gadget.title":"Gadget","gadget.score":"Gadget score","gadget.scale":"Lower is better","last_print.title":"Last print","light.toggle":"{name}: switch on or off","control.pause":"Pause","control.resume":"Resume","control.cancel":"Cancel","control.home":"Home axes","control.cancel_confirm":"Cancel the print? It cannot be resumed.","control.cancel_yes":"Cancel print","control.cancel_no":"Keep printing","editor.device_id":"Printer","editor.camera_entity":"Camera (default: the printer's webcam)","editor.show_camera":"Show the webcam","editor.show_temperatures":"Show temperatures","editor.show_materials":"Show materials","editor.show_controls":"Show lights and controls"};var X={en:Ve};var h=(i,e,t={})=>{let r=i?.locale?.language??i?.language??"en";return(X[r]?.[e]??X[r.split("-")[0]]?.[e]??X.en[e]??e).replace(/\{(\w+)\}/g,(s,o)=>o in t?String(t[o]):s)};var ee="octoeverywhere",dt=["state","progress","time_remaining","estimated_finish","file_name","current_layer","total_layers","hotend_temperature","hotend_target","bed_temperature","bed_target","chamber_temperature","chamber_target","gadget_score","gadget_warning","gadget_status","connected","last_print_result","last_print_file","last_print_duration","active_material","pause","resume","cancel","home"],pt=new Set(dt),B=i=>i.name_by_user||i.name||"",ze=i=>{let e=new Set;for(let t of Object.values(i.entities))t.platform===ee&&t.translation_key==="state"&&t.device_id&&e.add(t.device_id);return[...e].map(t=>i.devices[t]).filter(t=>t!==void 0).sort((t,r)=>B(t).localeCompare(B(r)))},De=(i,e)=>{let t=i.devices[e];if(!t)return;let r=new Map;for(let l of Object.values(i.devices))l.via_device_id===e&&r.set(l.id,{deviceId:l.id,name:B(l),sources:[]});let n={deviceId:null,name:null,sources:[]},s={deviceId:e,device:t,entities:{},lights:[],cameras:[],materials:[],tools:[],watched:[]},o=[],f=[],a=[];for(let l of Object.values(i.entities)){if(l.platform!==ee||!l.device_id)continue;let m=l.device_id===e,u=r.get(l.device_id);if(!m&&!u)continue;let y=l.translation_key??"",v=l.entity_id,b=v.slice(0,v.indexOf("."));if(y==="material_source")(u??n).sources.push(v);else if(m)pt.has(y)?(s.entities[y]===void 0||b==="number")&&(s.entities[y]=v):b==="light"?s.lights.push(v):b==="camera"?s.cameras.push(v):y==="tool_temperature"?o.push(v):y==="tool_target"?f.push(v):y==="tool_active"&&a.push(v);else continue}return s.tools=o.map((l,m)=>({temperature:l,target:f[m],active:a[m]})),s.materials=[...[...r.values()].filter(l=>l.sources.length>0).sort((l,m)=>(l.name??"").localeCompare(m.name??"",void 0,{numeric:!0})),...n.sources.length>0?[n]:[]],s.watched=[...Object.values(s.entities),...s.lights,...s.cameras,...s.materials.flatMap(l=>l.sources),...s.tools.flatMap(l=>[l.temperature,l.target,l.active].filter(m=>m!==void 0))],s};var Ie=ne`
  :host {
    display: block;
  }
  ha-card {
    height: 100%;
    overflow: hidden;
    display: flex;
    flex-direction: column;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 12px 16px;
  }
  .header ha-icon {
    color: var(--state-icon-color, var(--primary-color));
    flex: none;
  }
  .title {
    flex: 1;
    min-width: 0;
  }
  .name {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    margin: 0;
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    line-height: 18px;
    color: var(--chip-color, var(--secondary-text-color));
    background: color-mix(in srgb, var(--chip-color, var(--secondary-text-color)) 16%, transparent);
    --mdc-icon-size: 14px;
  }
  button.chip {
    border: none;
    cursor: pointer;
    font-family: inherit;
  }
  button.plain {
    all: unset;
    cursor: pointer;
  }
  .chip.active {
    --chip-color: var(--primary-color);
  }
  .chip.paused,
  .chip.warn {
    --chip-color: var(--warning-color, #ff9800);
  }
  .chip.done,
  .chip.ok {
    --chip-color: var(--success-color, #4caf50);
  }
  .chip.error,
  .chip.alert,
  .chip.offline {
    --chip-color: var(--error-color, #db4437);
  }
  .offline-message {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 0 16px 16px;
    color: var(--secondary-text-color);
  }
  .offline-message ha-icon {
    --mdc-icon-size: 32px;
    color: var(--disabled-text-color, var(--secondary-text-color));
  }
  .camera {
    display: block;
    width: 100%;
    padding: 0;
    border: none;
    background: var(--secondary-background-color, #000);
    cursor: pointer;
    aspect-ratio: 16 / 9;
  }
  .camera img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  section {
    padding: 12px 16px 0;
  }
  section:last-child {
    padding-bottom: 16px;
  }
  h3 {
    margin: 0 0 8px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--secondary-text-color);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 16px;
  }
  .ring {
    position: relative;
    width: 72px;
    height: 72px;
    flex: none;
  }
  .ring svg {
    transform: rotate(-90deg);
  }
  .ring circle {
    fill: none;
    stroke-width: 7;
  }
  .ring .track {
    stroke: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .ring .bar {
    stroke: var(--primary-color);
    stroke-linecap: round;
    transition: stroke-dashoffset 0.5s;
  }
  .ring .percent {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
  }
  .job {
    flex: 1;
    min-width: 0;
  }
  .file {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    margin-bottom: 4px;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(90px, 1fr));
    gap: 4px 12px;
    margin: 0;
  }
  dt {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  dd {
    margin: 0;
    color: var(--primary-text-color);
    white-space: nowrap;
  }
  .temps {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
    gap: 8px;
  }
  .temp {
    border-radius: 12px;
    padding: 8px 10px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .temp.active {
    outline: 2px solid var(--primary-color);
  }
  .temp .value {
    font-size: var(--ha-font-size-l, 16px);
    color: var(--primary-text-color);
    white-space: nowrap;
  }
  .temp .target {
    display: flex;
    align-items: center;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .temp input {
    width: 4.5em;
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, transparent);
    border: 1px solid var(--divider-color, #888);
    border-radius: 6px;
    padding: 1px 4px;
  }
  .group + .group {
    margin-top: 8px;
  }
  .group-name {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    margin-bottom: 4px;
  }
  .slots {
    display: flex;
    flex-wrap: wrap;
    gap: 10px;
  }
  .slot {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 2px;
    width: 52px;
    padding: 0;
    border: none;
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-size: var(--ha-font-size-s, 12px);
    cursor: pointer;
  }
  .swatch {
    width: 30px;
    height: 30px;
    border-radius: 50%;
    box-sizing: border-box;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.5));
    background: var(--swatch-color, transparent);
  }
  .slot.empty .swatch {
    border: 2px dashed var(--disabled-text-color, #999);
  }
  .slot.active .swatch {
    box-shadow:
      0 0 0 2px var(--card-background-color, #fff),
      0 0 0 4px var(--primary-color);
  }
  .slot.active .slot-text {
    color: var(--primary-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .slot-text,
  .slot-detail {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .slot-detail {
    color: var(--secondary-text-color);
    font-size: 11px;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 12px;
    flex-wrap: wrap;
  }
  .gadget .scale {
    position: relative;
    flex: 1;
    min-width: 120px;
    height: 8px;
    border-radius: 4px;
    background: linear-gradient(
      90deg,
      var(--success-color, #4caf50),
      var(--warning-color, #ff9800),
      var(--error-color, #db4437)
    );
  }
  .gadget .marker {
    position: absolute;
    top: -4px;
    width: 4px;
    height: 16px;
    margin-left: -2px;
    border-radius: 2px;
    background: var(--primary-text-color);
  }
  .gadget .score {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--primary-text-color);
  }
  .hint {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .last .file {
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .actions button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    padding: 0 14px;
    border-radius: 18px;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.4));
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-weight: var(--ha-font-weight-medium, 500);
    cursor: pointer;
    --mdc-icon-size: 18px;
  }
  .actions button:hover {
    background: color-mix(in srgb, var(--primary-text-color) 6%, transparent);
  }
  .actions button.on {
    color: var(--state-light-active-color, var(--amber-color, #ffc107));
    border-color: currentColor;
  }
  .actions button.danger {
    color: var(--error-color, #db4437);
    border-color: currentColor;
  }
  .actions button.primary {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
    border-color: transparent;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .confirm {
    width: 100%;
    margin: 0 0 4px;
    color: var(--primary-text-color);
  }
  .message {
    padding: 16px;
    color: var(--secondary-text-color);
  }
`;var ht=new Set(["unavailable","unknown",""]),$=i=>i!==void 0&&!ht.has(i.state),H=i=>{if(!$(i))return null;let e=Number(i.state);return Number.isFinite(e)?e:null},ut=i=>i.locale.time_zone==="server"?i.config.time_zone:void 0,mt=i=>{switch(i.locale.time_format){case"12":return!0;case"24":return!1;case"system":{let e=new Intl.DateTimeFormat(void 0,{hour:"numeric"}).resolvedOptions().hourCycle;return e==="h11"||e==="h12"}default:return}},je=(i,e)=>new Intl.DateTimeFormat("en-CA",{timeZone:e}).format(i),Ke=(i,e,t=new Date)=>{let r=new Date(e);if(Number.isNaN(r.getTime()))return null;let n=ut(i),s={hour:"numeric",minute:"2-digit",hour12:mt(i),timeZone:n},o=(r.getTime()-t.getTime())/864e5;return je(r,n)!==je(t,n)&&(o<6?s.weekday="short":(s.month="short",s.day="numeric")),new Intl.DateTimeFormat(i.locale.language,s).format(r)},Be=i=>typeof i=="string"&&/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(i)?i:null;var Ge=new Set(["warmingup","printing","resuming"]),ft=i=>i===void 0?"unknown":Ge.has(i)?"active":i==="paused"?"paused":i==="complete"?"done":i==="error"||i==="cancelled"?"error":i==="idle"?"idle":i==="offline"||i==="unavailable"?"offline":"unknown",gt=[{action:"pause",icon:"mdi:pause"},{action:"resume",icon:"mdi:play"},{action:"cancel",icon:"mdi:stop"},{action:"home",icon:"mdi:home-import-outline"}],vt=[["hotend","hotend_temperature","hotend_target"],["bed","bed_temperature","bed_target"],["chamber","chamber_temperature","chamber_target"]],_t=(i,e)=>{if(i)return"alert";let t=e?.attributes.status_color;return t==="r"?"alert":t==="y"?"warn":"ok"},Fe=(i,e,t)=>{let r=c=>{let g=e.entities[c];return g===void 0?void 0:i.states[g]},n=c=>{let g=r(c);return $(g)?i.formatEntityState(g):null},s=c=>{let g=i.entities[c]?.name,_=i.states[c]?.attributes.friendly_name;return g||(typeof _=="string"?_:c)},o=r("state"),f=r("connected"),a={name:B(e.device),state:{entity:e.entities.state,text:o?i.formatEntityState(o):"",kind:ft(o?.state)},connected:$(f)?f.state==="on":null,gadgetWarning:r("gadget_warning")?.state==="on",temperatures:[],materials:[],lights:[],controls:[]};if(o===void 0||o.state==="unavailable")return a.offline="unavailable",a.state.kind="offline",a;if(o.state==="offline"||a.connected===!1)return a.offline="offline",a.state.kind="offline",a;let l=t.camera_entity||e.cameras[0],m=l?i.states[l]:void 0;if(t.show_camera!==!1&&m&&m.state!=="unavailable"){let c=m.attributes.entity_picture;a.camera={entity:m.entity_id,name:s(m.entity_id),picture:typeof c=="string"?c:null}}let u=o.state,y=Ge.has(u)||u==="paused"||u==="complete";if(y){let c=n("current_layer"),g=n("total_layers"),_=r("estimated_finish");a.progress={percent:H(r("progress")),text:n("progress"),file:n("file_name"),timeLeft:u==="complete"?null:n("time_remaining"),finish:u!=="complete"&&$(_)?Ke(i,_.state):null,layer:c!==null&&g!==null?h(i,"progress.layer_value",{current:c,total:g}):null}}if(t.show_temperatures!==!1){for(let[c,g,_]of vt){let A=r(g);if(!$(A))continue;let w={key:c,label:h(i,`temperature.${c}`),entity:A.entity_id,current:i.formatEntityState(A)},x=r(_),q=x?.entity_id.startsWith("number.")??!1;if($(x)&&(q||H(x)!==0)){let M=x.attributes;w.target={entity:x.entity_id,text:i.formatEntityState(x),editable:q,value:H(x),min:Number(M.min??0),max:Number(M.max??300),step:Number(M.step??1)}}a.temperatures.push(w)}for(let c of e.tools){let g=i.states[c.temperature];if(!$(g))continue;let _=c.target?i.states[c.target]:void 0;a.temperatures.push({key:c.temperature,label:s(c.temperature),entity:c.temperature,current:i.formatEntityState(g),active:c.active?i.states[c.active]?.state==="on":void 0,target:$(_)&&H(_)!==0?{entity:_.entity_id,text:i.formatEntityState(_),editable:!1,value:H(_),min:0,max:0,step:1}:void 0})}}if(t.show_materials!==!1)for(let c of e.materials){let g=[];for(let _ of c.sources){let A=i.states[_];if(!A||A.state==="unavailable")continue;let w=A.attributes,x=A.state==="empty",q=$(A),M=x?h(i,"material.empty"):q?A.state:h(i,"material.unknown"),te=typeof w.remaining_percent=="number"?w.remaining_percent:null,ye=w.active===!0,re=[typeof w.source=="string"?w.source:s(_),typeof w.material_name=="string"?w.material_name:M];te!==null&&re.push(h(i,"material.remaining",{percent:Math.round(te)})),ye&&re.push(h(i,"material.active")),g.push({entity:_,color:x?null:Be(w.color),empty:x,active:ye,text:M,description:re.join(", "),remaining:te})}g.length>0&&a.materials.push({name:c.name,slots:g})}let v=r("gadget_score"),b=H(v);v&&b!==null&&(a.gadget={score:i.formatEntityState(v),value:b,level:_t(a.gadgetWarning,r("gadget_status"))});let W=r("last_print_result");if(!y&&$(W)&&(a.lastPrint={result:i.formatEntityState(W),kind:W.state,file:n("last_print_file"),duration:n("last_print_duration")}),t.show_controls!==!1){for(let c of e.lights){let g=i.states[c];$(g)&&a.lights.push({entity:c,name:s(c),on:g.state==="on"})}for(let{action:c,icon:g}of gt){let _=r(c);!_||_.state==="unavailable"||a.controls.push({action:c,entity:_.entity_id,label:h(i,`control.${c}`),icon:g})}}return a};var G="octoeverywhere-printer-card",ve="octoeverywhere-printer-card-editor",yt=1e4,We=2*Math.PI*30,O=class extends E{constructor(){super(),this._confirmCancel=!1}static getConfigElement(){return document.createElement(ve)}static getStubConfig(e){let t=ze(e)[0];return{type:`custom:${G}`,...t?{device_id:t.id}:{}}}setConfig(e){if(!e||typeof e!="object")throw new Error("Invalid configuration");if(e.device_id!==void 0&&typeof e.device_id!="string")throw new Error("device_id must be a device id");this._config=e,this._confirmCancel=!1}getCardSize(){let e=this._view();return!e||e.offline?2:1+(e.camera?4:0)+(e.progress?2:0)+(e.temperatures.length?2:0)+(e.materials.length?2:0)+(e.gadget||e.lastPrint?1:0)+(e.controls.length||e.lights.length?1:0)}getGridOptions(){return{columns:12,rows:"auto",min_columns:6}}_entities(){let e=this.hass,t=this._config?.device_id;if(!e||!t)return;let r=this._printerFrom;return(!r||r[0]!==e.entities||r[1]!==e.devices||r[2]!==t)&&(this._printer=De(e,t),this._printerFrom=[e.entities,e.devices,t]),this._printer}_view(){let e=this._entities();return this.hass&&this._config&&e?Fe(this.hass,e,this._config):void 0}shouldUpdate(e){if(!e.has("hass")||e.size>1)return!0;let t=e.get("hass"),r=this.hass;if(!t||!r||t.locale!==r.locale||t.localize!==r.localize||t.formatEntityState!==r.formatEntityState)return!0;let n=this._printer,s=this._entities();return s!==n?!0:(s?.watched??[]).some(f=>t.states[f]!==r.states[f])}connectedCallback(){super.connectedCallback(),this._cameraTimer=window.setInterval(()=>this._refreshCamera(),yt)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._cameraTimer)}_refreshCamera(){let e=this.renderRoot?.querySelector(".camera img"),t=e?.dataset.src;e&&t&&document.visibilityState==="visible"&&(e.src=`${t}${t.includes("?")?"&":"?"}t=${Date.now()}`)}render(){let e=this.hass;if(!e||!this._config)return p``;if(!this._config.device_id)return p`<ha-card><div class="message">${h(e,"card.no_device")}</div></ha-card>`;let t=this._view();return t?p`<ha-card>
      ${this._header(t)}
      ${t.offline?p`<div class="offline-message" role="status">
            <ha-icon icon="mdi:printer-3d-off" aria-hidden="true"></ha-icon>
            <span>${h(e,`offline.${t.offline}`)}</span>
          </div>`:p`${this._camera(t)}${this._progress(t)}${this._temperatures(t)}
          ${this._materials(t)}${this._gadgetAndLastPrint(t)}${this._actions(t)}`}
    </ha-card>`:p`<ha-card
        ><div class="message">${h(e,"card.device_missing")}</div></ha-card
      >`}_header(e){let t=this.hass;return p`<div class="header">
      <ha-icon icon="mdi:printer-3d" aria-hidden="true"></ha-icon>
      <div class="title">
        <h2 class="name">${e.name}</h2>
        <div class="badges">
          <button
            class="chip state ${e.state.kind}"
            @click=${()=>this._moreInfo(e.state.entity)}
          >
            ${e.state.text}
          </button>
          ${e.connected===null||e.offline?d:p`<span class="chip connection ${e.connected?"ok":"offline"}">
                <ha-icon
                  icon=${e.connected?"mdi:lan-connect":"mdi:lan-disconnect"}
                  aria-hidden="true"
                ></ha-icon>
                ${h(t,e.connected?"status.connected":"status.not_connected")}
              </span>`}
          ${e.gadgetWarning&&!e.offline?p`<span class="chip alert gadget-warning" role="alert">
                <ha-icon icon="mdi:alert" aria-hidden="true"></ha-icon>
                ${h(t,"status.gadget_warning")}
              </span>`:d}
        </div>
      </div>
    </div>`}_camera(e){let t=e.camera;return!t||!t.picture?d:p`<button
      class="camera"
      aria-label=${h(this.hass,"camera.open",{name:t.name})}
      @click=${()=>this._moreInfo(t.entity)}
    >
      <img src=${t.picture} data-src=${t.picture} alt=${t.name} />
    </button>`}_progress(e){let t=e.progress;if(!t)return d;let r=this.hass,n=Math.max(0,Math.min(100,t.percent??0)),s=[[h(r,"progress.time_left"),t.timeLeft],[h(r,"progress.finish"),t.finish],[h(r,"progress.layer"),t.layer]];return p`<section class="progress">
      <div
        class="ring"
        role="progressbar"
        aria-label=${h(r,"progress.label")}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(n)}
      >
        <svg viewBox="0 0 72 72" width="72" height="72" aria-hidden="true">
          <circle class="track" cx="36" cy="36" r="30"></circle>
          <circle
            class="bar"
            cx="36"
            cy="36"
            r="30"
            stroke-dasharray=${We}
            stroke-dashoffset=${We*(1-n/100)}
          ></circle>
        </svg>
        <span class="percent">${t.text??"\u2013"}</span>
      </div>
      <div class="job">
        ${t.file?p`<div class="file" title=${t.file}>${t.file}</div>`:d}
        <dl>
          ${s.map(([o,f])=>f===null?d:p`<div><dt>${o}</dt><dd>${f}</dd></div>`)}
        </dl>
      </div>
    </section>`}_temperatures(e){return e.temperatures.length?p`<section>
      <h3>${h(this.hass,"temperature.title")}</h3>
      <div class="temps">${e.temperatures.map(t=>this._temperature(t))}</div>
    </section>`:d}_temperature(e){let t=e.target;return p`<div class="temp ${e.active?"active":""}">
      <div class="hint">${e.label}</div>
      <div class="value">
        <button class="plain" @click=${()=>this._moreInfo(e.entity)}>
          ${e.current}
        </button>
      </div>
      ${t?p`<div class="target">
            ${h(this.hass,"temperature.target")}
            ${t.editable?p`<input
                  type="number"
                  inputmode="decimal"
                  aria-label=${h(this.hass,"temperature.set_target",{heater:e.label})}
                  .value=${t.value===null?"":String(t.value)}
                  min=${t.min}
                  max=${t.max}
                  step=${t.step}
                  @change=${r=>this._setTarget(r,t.entity)}
                />`:p`<span>${t.text}</span>`}
          </div>`:d}
    </div>`}_materials(e){return e.materials.length?p`<section class="materials">
      <h3>${h(this.hass,"material.title")}</h3>
      ${e.materials.map(t=>p`<div class="group" role="group" aria-label=${t.name??e.name}>
          ${t.name?p`<div class="group-name">${t.name}</div>`:d}
          <div class="slots">
            ${t.slots.map(r=>p`<button
                class="slot ${r.empty?"empty":""} ${r.active?"active":""}"
                title=${r.description}
                aria-label=${r.description}
                @click=${()=>this._moreInfo(r.entity)}
              >
                <span
                  class="swatch"
                  style=${r.color?`--swatch-color:${r.color}`:""}
                ></span>
                <span class="slot-text">${r.text}</span>
                ${r.remaining!==null?p`<span class="slot-detail">${Math.round(r.remaining)} %</span>`:d}
              </button>`)}
          </div>
        </div>`)}
    </section>`:d}_gadgetAndLastPrint(e){let t=this.hass,r=e.gadget,n=e.lastPrint;if(!r&&!n)return d;let s=r?Math.max(0,Math.min(100,r.value*10)):0;return p`${r?p`<section class="gadget">
          <div class="row">
            <span class="chip ${r.level}">${h(t,"gadget.title")}</span>
            <span class="score" aria-label=${h(t,"gadget.score")}>${r.score}</span>
            <div class="scale" aria-hidden="true" title=${h(t,"gadget.scale")}>
              <div class="marker" style="left:${s}%"></div>
            </div>
          </div>
        </section>`:d}
    ${n?p`<section class="last">
          <h3>${h(t,"last_print.title")}</h3>
          <div class="row">
            <span class="chip ${n.kind==="complete"?"done":"error"}">${n.result}</span>
            ${n.file?p`<span class="file">${n.file}</span>`:d}
            ${n.duration?p`<span class="hint">${n.duration}</span>`:d}
          </div>
        </section>`:d}`}_actions(e){if(!e.lights.length&&!e.controls.length)return d;let t=this.hass;if(this._confirmCancel){let r=e.controls.find(n=>n.action==="cancel");if(r)return p`<section class="actions" role="alertdialog" aria-labelledby="confirm">
          <p class="confirm" id="confirm">${h(t,"control.cancel_confirm")}</p>
          <button class="keep" @click=${()=>this._confirmCancel=!1}>
            ${h(t,"control.cancel_no")}
          </button>
          <button class="primary confirm-cancel" @click=${()=>this._press(r)}>
            <ha-icon icon="mdi:stop" aria-hidden="true"></ha-icon>
            ${h(t,"control.cancel_yes")}
          </button>
        </section>`}return p`<section class="actions">
      ${e.lights.map(r=>p`<button
          class="light ${r.on?"on":""}"
          aria-pressed=${r.on?"true":"false"}
          aria-label=${h(t,"light.toggle",{name:r.name})}
          @click=${()=>t.callService("light","toggle",{entity_id:r.entity})}
        >
          <ha-icon icon=${r.on?"mdi:lightbulb-on":"mdi:lightbulb-outline"}></ha-icon>
          ${r.name}
        </button>`)}
      ${e.controls.map(r=>p`<button
          class="control ${r.action} ${r.action==="cancel"?"danger":""}"
          @click=${()=>this._onControl(r)}
        >
          <ha-icon icon=${r.icon} aria-hidden="true"></ha-icon>
          ${r.label}
        </button>`)}
    </section>`}_onControl(e){if(e.action==="cancel"){this._confirmCancel=!0,this.updateComplete.then(()=>this.renderRoot.querySelector(".keep")?.focus());return}this._press(e)}_press(e){this._confirmCancel=!1,this.hass?.callService("button","press",{entity_id:e.entity})}_setTarget(e,t){let r=e.target,n=Number(r.value);r.value===""||!Number.isFinite(n)||this.hass?.callService("number","set_value",{entity_id:t,value:n})}_moreInfo(e){e&&this.dispatchEvent(new CustomEvent("hass-more-info",{detail:{entityId:e},bubbles:!0,composed:!0}))}};O.properties={hass:{attribute:!1},_config:{state:!0},_confirmCancel:{state:!0}},O.styles=Ie;var _e=["show_camera","show_temperatures","show_materials","show_controls"],$t=[{name:"device_id",required:!0,selector:{device:{filter:{integration:ee,manufacturer:"OctoEverywhere"}}}},{name:"camera_entity",selector:{entity:{filter:{domain:"camera"}}}},{type:"grid",name:"",schema:_e.map(i=>({name:i,selector:{boolean:{}}}))}],bt=async()=>{if(customElements.get("ha-form"))return;let i=window.loadCardHelpers;if(!i)return;let t=await(await i()).createCardElement({type:"glance",entities:[]});await t.constructor.getConfigElement?.call(t.constructor)},F=class extends E{constructor(){super(),this._ready=!!customElements.get("ha-form")}setConfig(e){this._config=e}connectedCallback(){super.connectedCallback(),this._ready||bt().then(()=>customElements.whenDefined("ha-form")).then(()=>{this._ready=!0})}render(){if(!this.hass||!this._config||!this._ready)return p``;let e={...Object.fromEntries(_e.map(t=>[t,!0])),...this._config};return p`<ha-form
      .hass=${this.hass}
      .data=${e}
      .schema=${$t}
      .computeLabel=${t=>h(this.hass,`editor.${t.name}`)}
      @value-changed=${this._changed}
    ></ha-form>`}_changed(e){e.stopPropagation();let t={...e.detail.value};for(let r of _e)t[r]===!0&&delete t[r];t.camera_entity||delete t.camera_entity,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:t},bubbles:!0,composed:!0}))}};F.properties={hass:{attribute:!1},_config:{state:!0},_ready:{state:!0}};var wt="home-assistant",qe=i=>i.CustomElementRegistryPolyfill!==void 0?Promise.resolve():i.customElements.whenDefined(wt);var Ze=window.customCards??=[];Ze.some(i=>i.type===G)||Ze.push({type:G,name:h(void 0,"card.name"),description:h(void 0,"card.description"),preview:!0,documentationURL:"https://github.com/octoeverywhere-ha/octoeverywhere-homeassistant#printer-card"});qe(window).then(()=>{for(let[i,e]of[[G,O],[ve,F]])window.customElements.get(i)||window.customElements.define(i,e)});
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
