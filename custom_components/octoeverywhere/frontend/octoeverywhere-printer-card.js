// OctoEverywhere printer card. Built from frontend/ (npm run build): do not edit.
var Z=globalThis,J=Z.ShadowRoot&&(Z.ShadyCSS===void 0||Z.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ne=Symbol(),be=new WeakMap,O=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==ne)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(J&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=be.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&be.set(t,e))}return e}toString(){return this.cssText}},$e=n=>new O(typeof n=="string"?n:n+"",void 0,ne),ie=(n,...e)=>{let t=n.length===1?n[0]:e.reduce((r,i,a)=>r+(s=>{if(s._$cssResult$===!0)return s.cssText;if(typeof s=="number")return s;throw Error("Value passed to 'css' function must be a 'css' function result: "+s+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(i)+n[a+1],n[0]);return new O(t,n,ne)},we=(n,e)=>{if(J)n.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),i=Z.litNonce;i!==void 0&&r.setAttribute("nonce",i),r.textContent=t.cssText,n.appendChild(r)}},ae=J?n=>n:n=>n instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return $e(t)})(n):n;var{is:tt,defineProperty:rt,getOwnPropertyDescriptor:nt,getOwnPropertyNames:it,getOwnPropertySymbols:at,getPrototypeOf:st}=Object,Q=globalThis,xe=Q.trustedTypes,ot=xe?xe.emptyScript:"",lt=Q.reactiveElementPolyfillSupport,z=(n,e)=>n,se={toAttribute(n,e){switch(e){case Boolean:n=n?ot:null;break;case Object:case Array:n=n==null?n:JSON.stringify(n)}return n},fromAttribute(n,e){let t=n;switch(e){case Boolean:t=n!==null;break;case Number:t=n===null?null:Number(n);break;case Object:case Array:try{t=JSON.parse(n)}catch{t=null}}return t}},Ee=(n,e)=>!tt(n,e),Ae={attribute:!0,type:String,converter:se,reflect:!1,useDefault:!1,hasChanged:Ee};Symbol.metadata??=Symbol("metadata"),Q.litPropertyMetadata??=new WeakMap;var C=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=Ae){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),i=this.getPropertyDescriptor(e,r,t);i!==void 0&&rt(this.prototype,e,i)}}static getPropertyDescriptor(e,t,r){let{get:i,set:a}=nt(this.prototype,e)??{get(){return this[t]},set(s){this[t]=s}};return{get:i,set(s){let g=i?.call(this);a?.call(this,s),this.requestUpdate(e,g,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??Ae}static _$Ei(){if(this.hasOwnProperty(z("elementProperties")))return;let e=st(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(z("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(z("properties"))){let t=this.properties,r=[...it(t),...at(t)];for(let i of r)this.createProperty(i,t[i])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,i]of t)this.elementProperties.set(r,i)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let i=this._$Eu(t,r);i!==void 0&&this._$Eh.set(i,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let i of r)t.unshift(ae(i))}else e!==void 0&&t.push(ae(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return we(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),i=this.constructor._$Eu(e,r);if(i!==void 0&&r.reflect===!0){let a=(r.converter?.toAttribute!==void 0?r.converter:se).toAttribute(t,r.type);this._$Em=e,a==null?this.removeAttribute(i):this.setAttribute(i,a),this._$Em=null}}_$AK(e,t){let r=this.constructor,i=r._$Eh.get(e);if(i!==void 0&&this._$Em!==i){let a=r.getPropertyOptions(i),s=typeof a.converter=="function"?{fromAttribute:a.converter}:a.converter?.fromAttribute!==void 0?a.converter:se;this._$Em=i;let g=s.fromAttribute(t,a.type);this[i]=g??this._$Ej?.get(i)??g,this._$Em=null}}requestUpdate(e,t,r,i=!1,a){if(e!==void 0){let s=this.constructor;if(i===!1&&(a=this[e]),r??=s.getPropertyOptions(e),!((r.hasChanged??Ee)(a,t)||r.useDefault&&r.reflect&&a===this._$Ej?.get(e)&&!this.hasAttribute(s._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:i,wrapped:a},s){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,s??t??this[e]),a!==!0||s!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),i===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[i,a]of this._$Ep)this[i]=a;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[i,a]of r){let{wrapped:s}=a,g=this[i];s!==!0||this._$AL.has(i)||g===void 0||this.C(i,void 0,a,g)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};C.elementStyles=[],C.shadowRootOptions={mode:"open"},C[z("elementProperties")]=new Map,C[z("finalized")]=new Map,lt?.({ReactiveElement:C}),(Q.reactiveElementVersions??=[]).push("2.1.2");var ue=globalThis,Ce=n=>n,Y=ue.trustedTypes,Se=Y?Y.createPolicy("lit-html",{createHTML:n=>n}):void 0,Me="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,Le="?"+S,ct=`<${Le}>`,P=document,I=()=>P.createComment(""),U=n=>n===null||typeof n!="object"&&typeof n!="function",he=Array.isArray,dt=n=>he(n)||typeof n?.[Symbol.iterator]=="function",oe=`[ 	
\f\r]`,V=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ke=/-->/g,Te=/>/g,k=RegExp(`>|${oe}(?:([^\\s"'>=/]+)(${oe}*=${oe}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Pe=/'/g,He=/"/g,De=/^(?:script|style|textarea|title)$/i,ge=n=>(e,...t)=>({_$litType$:n,strings:e,values:t}),p=ge(1),Ot=ge(2),zt=ge(3),H=Symbol.for("lit-noChange"),d=Symbol.for("lit-nothing"),Re=new WeakMap,T=P.createTreeWalker(P,129);function Ne(n,e){if(!he(n)||!n.hasOwnProperty("raw"))throw Error("invalid template strings array");return Se!==void 0?Se.createHTML(e):e}var pt=(n,e)=>{let t=n.length-1,r=[],i,a=e===2?"<svg>":e===3?"<math>":"",s=V;for(let g=0;g<t;g++){let o=n[g],l,h,u=-1,y=0;for(;y<o.length&&(s.lastIndex=y,h=s.exec(o),h!==null);)y=s.lastIndex,s===V?h[1]==="!--"?s=ke:h[1]!==void 0?s=Te:h[2]!==void 0?(De.test(h[2])&&(i=RegExp("</"+h[2],"g")),s=k):h[3]!==void 0&&(s=k):s===k?h[0]===">"?(s=i??V,u=-1):h[1]===void 0?u=-2:(u=s.lastIndex-h[2].length,l=h[1],s=h[3]===void 0?k:h[3]==='"'?He:Pe):s===He||s===Pe?s=k:s===ke||s===Te?s=V:(s=k,i=void 0);let _=s===k&&n[g+1].startsWith("/>")?" ":"";a+=s===V?o+ct:u>=0?(r.push(l),o.slice(0,u)+Me+o.slice(u)+S+_):o+S+(u===-2?g:_)}return[Ne(n,a+(n[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},j=class n{constructor({strings:e,_$litType$:t},r){let i;this.parts=[];let a=0,s=0,g=e.length-1,o=this.parts,[l,h]=pt(e,t);if(this.el=n.createElement(l,r),T.currentNode=this.el.content,t===2||t===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(i=T.nextNode())!==null&&o.length<g;){if(i.nodeType===1){if(i.hasAttributes())for(let u of i.getAttributeNames())if(u.endsWith(Me)){let y=h[s++],_=i.getAttribute(u).split(S),$=/([.?@])?(.*)/.exec(y);o.push({type:1,index:a,name:$[2],strings:_,ctor:$[1]==="."?ce:$[1]==="?"?de:$[1]==="@"?pe:D}),i.removeAttribute(u)}else u.startsWith(S)&&(o.push({type:6,index:a}),i.removeAttribute(u));if(De.test(i.tagName)){let u=i.textContent.split(S),y=u.length-1;if(y>0){i.textContent=Y?Y.emptyScript:"";for(let _=0;_<y;_++)i.append(u[_],I()),T.nextNode(),o.push({type:2,index:++a});i.append(u[y],I())}}}else if(i.nodeType===8)if(i.data===Le)o.push({type:2,index:a});else{let u=-1;for(;(u=i.data.indexOf(S,u+1))!==-1;)o.push({type:7,index:a}),u+=S.length-1}a++}}static createElement(e,t){let r=P.createElement("template");return r.innerHTML=e,r}};function L(n,e,t=n,r){if(e===H)return e;let i=r!==void 0?t._$Co?.[r]:t._$Cl,a=U(e)?void 0:e._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(n),i._$AT(n,t,r)),r!==void 0?(t._$Co??=[])[r]=i:t._$Cl=i),i!==void 0&&(e=L(n,i._$AS(n,e.values),i,r)),e}var le=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,i=(e?.creationScope??P).importNode(t,!0);T.currentNode=i;let a=T.nextNode(),s=0,g=0,o=r[0];for(;o!==void 0;){if(s===o.index){let l;o.type===2?l=new G(a,a.nextSibling,this,e):o.type===1?l=new o.ctor(a,o.name,o.strings,this,e):o.type===6&&(l=new me(a,this,e)),this._$AV.push(l),o=r[++g]}s!==o?.index&&(a=T.nextNode(),s++)}return T.currentNode=P,i}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},G=class n{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,i){this.type=2,this._$AH=d,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=i,this._$Cv=i?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=L(this,e,t),U(e)?e===d||e==null||e===""?(this._$AH!==d&&this._$AR(),this._$AH=d):e!==this._$AH&&e!==H&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):dt(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==d&&U(this._$AH)?this._$AA.nextSibling.data=e:this.T(P.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,i=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=j.createElement(Ne(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===i)this._$AH.p(t);else{let a=new le(i,this),s=a.u(this.options);a.p(t),this.T(s),this._$AH=a}}_$AC(e){let t=Re.get(e.strings);return t===void 0&&Re.set(e.strings,t=new j(e)),t}k(e){he(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,i=0;for(let a of e)i===t.length?t.push(r=new n(this.O(I()),this.O(I()),this,this.options)):r=t[i],r._$AI(a),i++;i<t.length&&(this._$AR(r&&r._$AB.nextSibling,i),t.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=Ce(e).nextSibling;Ce(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},D=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,i,a){this.type=1,this._$AH=d,this._$AN=void 0,this.element=e,this.name=t,this._$AM=i,this.options=a,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=d}_$AI(e,t=this,r,i){let a=this.strings,s=!1;if(a===void 0)e=L(this,e,t,0),s=!U(e)||e!==this._$AH&&e!==H,s&&(this._$AH=e);else{let g=e,o,l;for(e=a[0],o=0;o<a.length-1;o++)l=L(this,g[r+o],t,o),l===H&&(l=this._$AH[o]),s||=!U(l)||l!==this._$AH[o],l===d?e=d:e!==d&&(e+=(l??"")+a[o+1]),this._$AH[o]=l}s&&!i&&this.j(e)}j(e){e===d?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},ce=class extends D{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===d?void 0:e}},de=class extends D{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==d)}},pe=class extends D{constructor(e,t,r,i,a){super(e,t,r,i,a),this.type=5}_$AI(e,t=this){if((e=L(this,e,t,0)??d)===H)return;let r=this._$AH,i=e===d&&r!==d||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,a=e!==d&&(r===d||i);i&&this.element.removeEventListener(this.name,this,r),a&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},me=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){L(this,e)}};var mt=ue.litHtmlPolyfillSupport;mt?.(j,G),(ue.litHtmlVersions??=[]).push("3.3.3");var Oe=(n,e,t)=>{let r=t?.renderBefore??e,i=r._$litPart$;if(i===void 0){let a=t?.renderBefore??null;r._$litPart$=i=new G(e.insertBefore(I(),a),a,void 0,t??{})}return i._$AI(n),i};var fe=globalThis,E=class extends C{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Oe(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return H}};E._$litElement$=!0,E.finalized=!0,fe.litElementHydrateSupport?.({LitElement:E});var ut=fe.litElementPolyfillSupport;ut?.({LitElement:E});(fe.litElementVersions??=[]).push("4.2.2");var ze={"card.name":"OctoEverywhere-Drucker","card.description":"Jeder mit OctoEverywhere verbundene Drucker: Webcam, Fortschritt, Temperaturen, Materialien, Gadget und Steuerung.","card.no_device":"W\xE4hle in den Einstellungen der Karte einen Drucker.","card.device_missing":"Dieser Drucker ist nicht mehr in Home Assistant.","status.connected":"Verbunden","status.not_connected":"Nicht verbunden","status.gadget_warning":"Gadget-Warnung","offline.offline":"Der Drucker ist offline. Die Karte f\xFCllt sich wieder, sobald er zur\xFCck ist.","offline.unavailable":"Home Assistant kann den Drucker gerade nicht erreichen.","camera.open":"Liveansicht von {name} \xF6ffnen","progress.label":"Druckfortschritt","progress.time_left":"Restzeit","progress.finish":"Ende","progress.layer":"Schicht","progress.layer_value":"{current} / {total}","temperature.title":"Temperaturen","temperature.hotend":"Hotend","temperature.bed":"Druckbett","temperature.chamber":"Kammer","temperature.target":"Soll","temperature.set_target":"Solltemperatur {heater}","material.title":"Materialien","material.empty":"Leer","material.unknown":"Unbekannt","material.active":"In Verwendung","material.remaining":"{percent} % \xFCbrig","gadget.title":"Gadget","gadget.score":"Gadget-Score","gadget.scale":"Niedriger ist besser","last_print.title":"Letzter Druck","light.toggle":"{name}: ein- oder ausschalten","control.pause":"Pausieren","control.resume":"Fortsetzen","control.cancel":"Abbrechen","control.home":"Achsen referenzieren","control.cancel_confirm":"Druck abbrechen? Er kann nicht fortgesetzt werden.","control.cancel_yes":"Druck abbrechen","control.cancel_no":"Weiterdrucken","editor.device_id":"Drucker","editor.camera_entity":"Kamera (Standard: die Webcam des Druckers)","editor.show_camera":"Webcam anzeigen","editor.show_temperatures":"Temperaturen anzeigen","editor.show_materials":"Materialien anzeigen","editor.show_controls":"Lichter und Steuerung anzeigen"};var Ve={"card.name":"OctoEverywhere printer","card.description":"Any printer connected to OctoEverywhere: webcam, progress, temperatures, materials, Gadget and controls.","card.no_device":"Choose a printer in the card's settings.","card.device_missing":"This printer is not in Home Assistant anymore.","status.connected":"Connected","status.not_connected":"Not connected","status.gadget_warning":"Gadget warning","offline.offline":"The printer is offline. The card fills in again as soon as it is back.","offline.unavailable":"Home Assistant cannot reach the printer right now.","camera.open":"Open the live view of {name}","progress.label":"Print progress","progress.time_left":"Time left","progress.finish":"Finish","progress.layer":"Layer","progress.layer_value":"{current} / {total}","temperature.title":"Temperatures","temperature.hotend":"Hotend","temperature.bed":"Bed","temperature.chamber":"Chamber","temperature.target":"Target","temperature.set_target":"{heater} target","material.title":"Materials","material.empty":"Empty","material.unknown":"Unknown","material.active":"In use","material.remaining":"{percent} % left","gadget.title":"Gadget","gadget.score":"Gadget score","gadget.scale":"Lower is better","last_print.title":"Last print","light.toggle":"{name}: switch on or off","control.pause":"Pause","control.resume":"Resume","control.cancel":"Cancel","control.home":"Home axes","control.cancel_confirm":"Cancel the print? It cannot be resumed.","control.cancel_yes":"Cancel print","control.cancel_no":"Keep printing","editor.device_id":"Printer","editor.camera_entity":"Camera (default: the printer's webcam)","editor.show_camera":"Show the webcam","editor.show_temperatures":"Show temperatures","editor.show_materials":"Show materials","editor.show_controls":"Show lights and controls"};var Ie={"card.name":"Impresora OctoEverywhere","card.description":"Cualquier impresora conectada a OctoEverywhere: webcam, progreso, temperaturas, materiales, Gadget y controles.","card.no_device":"Elige una impresora en los ajustes de la tarjeta.","card.device_missing":"Esta impresora ya no est\xE1 en Home Assistant.","status.connected":"Conectada","status.not_connected":"No conectada","status.gadget_warning":"Advertencia de Gadget","offline.offline":"La impresora est\xE1 sin conexi\xF3n. La tarjeta se volver\xE1 a llenar en cuanto vuelva.","offline.unavailable":"Home Assistant no puede conectar con la impresora en este momento.","camera.open":"Abrir la vista en directo de {name}","progress.label":"Progreso de la impresi\xF3n","progress.time_left":"Tiempo restante","progress.finish":"Fin","progress.layer":"Capa","progress.layer_value":"{current} / {total}","temperature.title":"Temperaturas","temperature.hotend":"Hotend","temperature.bed":"Cama","temperature.chamber":"C\xE1mara","temperature.target":"Deseada","temperature.set_target":"Temperatura deseada: {heater}","material.title":"Materiales","material.empty":"Vac\xEDo","material.unknown":"Desconocido","material.active":"En uso","material.remaining":"Queda un {percent} %","gadget.title":"Gadget","gadget.score":"Puntuaci\xF3n de Gadget","gadget.scale":"Cuanto m\xE1s bajo, mejor","last_print.title":"\xDAltima impresi\xF3n","light.toggle":"{name}: encender o apagar","control.pause":"Pausar","control.resume":"Reanudar","control.cancel":"Cancelar","control.home":"Llevar los ejes al origen","control.cancel_confirm":"\xBFCancelar la impresi\xF3n? No se podr\xE1 reanudar.","control.cancel_yes":"Cancelar la impresi\xF3n","control.cancel_no":"Seguir imprimiendo","editor.device_id":"Impresora","editor.camera_entity":"C\xE1mara (por defecto: la webcam de la impresora)","editor.show_camera":"Mostrar la webcam","editor.show_temperatures":"Mostrar las temperaturas","editor.show_materials":"Mostrar los materiales","editor.show_controls":"Mostrar las luces y los controles"};var Ue={"card.name":"Imprimante OctoEverywhere","card.description":"Toute imprimante connect\xE9e \xE0 OctoEverywhere : webcam, avancement, temp\xE9ratures, mat\xE9riaux, Gadget et commandes.","card.no_device":"Choisissez une imprimante dans les param\xE8tres de la carte.","card.device_missing":"Cette imprimante n'est plus dans Home Assistant.","status.connected":"Connect\xE9e","status.not_connected":"Non connect\xE9e","status.gadget_warning":"Avertissement de Gadget","offline.offline":"L'imprimante est hors ligne. La carte se remplira d\xE8s son retour.","offline.unavailable":"Home Assistant ne peut pas joindre l'imprimante pour le moment.","camera.open":"Ouvrir la vue en direct de {name}","progress.label":"Avancement de l'impression","progress.time_left":"Temps restant","progress.finish":"Fin","progress.layer":"Couche","progress.layer_value":"{current} / {total}","temperature.title":"Temp\xE9ratures","temperature.hotend":"Buse","temperature.bed":"Plateau","temperature.chamber":"Chambre","temperature.target":"Cible","temperature.set_target":"Temp\xE9rature cible : {heater}","material.title":"Mat\xE9riaux","material.empty":"Vide","material.unknown":"Inconnu","material.active":"En cours d'utilisation","material.remaining":"{percent} % restants","gadget.title":"Gadget","gadget.score":"Score de Gadget","gadget.scale":"Plus bas, c'est mieux","last_print.title":"Derni\xE8re impression","light.toggle":"{name} : allumer ou \xE9teindre","control.pause":"Mettre en pause","control.resume":"Reprendre","control.cancel":"Annuler","control.home":"Mise \xE0 l'origine des axes","control.cancel_confirm":"Annuler l'impression ? Elle ne pourra pas \xEAtre reprise.","control.cancel_yes":"Annuler l'impression","control.cancel_no":"Continuer l'impression","editor.device_id":"Imprimante","editor.camera_entity":"Cam\xE9ra (par d\xE9faut : la webcam de l'imprimante)","editor.show_camera":"Afficher la webcam","editor.show_temperatures":"Afficher les temp\xE9ratures","editor.show_materials":"Afficher les mat\xE9riaux","editor.show_controls":"Afficher les lumi\xE8res et les commandes"};var je={"card.name":"Stampante OctoEverywhere","card.description":"Qualsiasi stampante collegata a OctoEverywhere: webcam, avanzamento, temperature, materiali, Gadget e comandi.","card.no_device":"Scegli una stampante nelle impostazioni della scheda.","card.device_missing":"Questa stampante non \xE8 pi\xF9 in Home Assistant.","status.connected":"Connessa","status.not_connected":"Non connessa","status.gadget_warning":"Avviso di Gadget","offline.offline":"La stampante non \xE8 in linea. La scheda si riempir\xE0 di nuovo non appena torner\xE0 disponibile.","offline.unavailable":"Home Assistant non riesce a raggiungere la stampante in questo momento.","camera.open":"Apri la visualizzazione dal vivo di {name}","progress.label":"Avanzamento della stampa","progress.time_left":"Tempo rimanente","progress.finish":"Fine","progress.layer":"Strato","progress.layer_value":"{current} / {total}","temperature.title":"Temperature","temperature.hotend":"Hotend","temperature.bed":"Piatto","temperature.chamber":"Camera","temperature.target":"Desiderata","temperature.set_target":"Temperatura desiderata: {heater}","material.title":"Materiali","material.empty":"Vuoto","material.unknown":"Sconosciuto","material.active":"In uso","material.remaining":"{percent} % rimanente","gadget.title":"Gadget","gadget.score":"Punteggio di Gadget","gadget.scale":"Pi\xF9 basso \xE8 meglio","last_print.title":"Ultima stampa","light.toggle":"{name}: accendi o spegni","control.pause":"Metti in pausa","control.resume":"Riprendi","control.cancel":"Annulla","control.home":"Homing degli assi","control.cancel_confirm":"Annullare la stampa? Non potr\xE0 essere ripresa.","control.cancel_yes":"Annulla la stampa","control.cancel_no":"Continua a stampare","editor.device_id":"Stampante","editor.camera_entity":"Videocamera (predefinita: la webcam della stampante)","editor.show_camera":"Mostra la webcam","editor.show_temperatures":"Mostra le temperature","editor.show_materials":"Mostra i materiali","editor.show_controls":"Mostra luci e comandi"};var Ge={"card.name":"OctoEverywhere-printer","card.description":"Elke printer die met OctoEverywhere verbonden is: webcam, voortgang, temperaturen, materialen, Gadget en bediening.","card.no_device":"Kies een printer in de instellingen van de kaart.","card.device_missing":"Deze printer staat niet meer in Home Assistant.","status.connected":"Verbonden","status.not_connected":"Niet verbonden","status.gadget_warning":"Gadget-waarschuwing","offline.offline":"De printer is offline. De kaart vult zich weer zodra hij terug is.","offline.unavailable":"Home Assistant kan de printer nu niet bereiken.","camera.open":"Het livebeeld van {name} openen","progress.label":"Printvoortgang","progress.time_left":"Resterende tijd","progress.finish":"Klaar om","progress.layer":"Laag","progress.layer_value":"{current} / {total}","temperature.title":"Temperaturen","temperature.hotend":"Hotend","temperature.bed":"Bed","temperature.chamber":"Printkamer","temperature.target":"Doel","temperature.set_target":"Doeltemperatuur {heater}","material.title":"Materialen","material.empty":"Leeg","material.unknown":"Onbekend","material.active":"In gebruik","material.remaining":"{percent} % over","gadget.title":"Gadget","gadget.score":"Gadget-score","gadget.scale":"Lager is beter","last_print.title":"Laatste print","light.toggle":"{name}: aan- of uitzetten","control.pause":"Pauzeren","control.resume":"Hervatten","control.cancel":"Annuleren","control.home":"Assen homen","control.cancel_confirm":"De print annuleren? Hij kan niet worden hervat.","control.cancel_yes":"Print annuleren","control.cancel_no":"Doorgaan met printen","editor.device_id":"Printer","editor.camera_entity":"Camera (standaard: de webcam van de printer)","editor.show_camera":"Webcam tonen","editor.show_temperatures":"Temperaturen tonen","editor.show_materials":"Materialen tonen","editor.show_controls":"Lampen en bediening tonen"};var X={de:ze,en:Ve,es:Ie,fr:Ue,it:je,nl:Ge};var m=(n,e,t={})=>{let r=n?.locale?.language??n?.language??"en";return(X[r]?.[e]??X[r.split("-")[0]]?.[e]??X.en[e]??e).replace(/\{(\w+)\}/g,(a,s)=>s in t?String(t[s]):a)};var ee="octoeverywhere",bt=["state","progress","time_remaining","estimated_finish","file_name","current_layer","total_layers","hotend_temperature","hotend_target","bed_temperature","bed_target","chamber_temperature","chamber_target","gadget_score","gadget_warning","gadget_status","connected","last_print_result","last_print_file","last_print_duration","active_material","pause","resume","cancel","home"],$t=new Set(bt),K=n=>n.name_by_user||n.name||"",Ke=n=>{let e=new Set;for(let t of Object.values(n.entities))t.platform===ee&&t.translation_key==="state"&&t.device_id&&e.add(t.device_id);return[...e].map(t=>n.devices[t]).filter(t=>t!==void 0).sort((t,r)=>K(t).localeCompare(K(r)))},We=(n,e)=>{let t=n.devices[e];if(!t)return;let r=new Map;for(let l of Object.values(n.devices))l.via_device_id===e&&r.set(l.id,{deviceId:l.id,name:K(l),sources:[]});let i={deviceId:null,name:null,sources:[]},a={deviceId:e,device:t,entities:{},lights:[],cameras:[],materials:[],tools:[],watched:[]},s=[],g=[],o=[];for(let l of Object.values(n.entities)){if(l.platform!==ee||!l.device_id)continue;let h=l.device_id===e,u=r.get(l.device_id);if(!h&&!u)continue;let y=l.translation_key??"",_=l.entity_id,$=_.slice(0,_.indexOf("."));if(y==="material_source")(u??i).sources.push(_);else if(h)$t.has(y)?(a.entities[y]===void 0||$==="number")&&(a.entities[y]=_):$==="light"?a.lights.push(_):$==="camera"?a.cameras.push(_):y==="tool_temperature"?s.push(_):y==="tool_target"?g.push(_):y==="tool_active"&&o.push(_);else continue}return a.tools=s.map((l,h)=>({temperature:l,target:g[h],active:o[h]})),a.materials=[...[...r.values()].filter(l=>l.sources.length>0).sort((l,h)=>(l.name??"").localeCompare(h.name??"",void 0,{numeric:!0})),...i.sources.length>0?[i]:[]],a.watched=[...Object.values(a.entities),...a.lights,...a.cameras,...a.materials.flatMap(l=>l.sources),...a.tools.flatMap(l=>[l.temperature,l.target,l.active].filter(h=>h!==void 0))],a};var Be=ie`
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
`;var wt=new Set(["unavailable","unknown",""]),b=n=>n!==void 0&&!wt.has(n.state),R=n=>{if(!b(n))return null;let e=Number(n.state);return Number.isFinite(e)?e:null},xt=n=>n.locale.time_zone==="server"?n.config.time_zone:void 0,At=n=>{switch(n.locale.time_format){case"12":return!0;case"24":return!1;case"system":{let e=new Intl.DateTimeFormat(void 0,{hour:"numeric"}).resolvedOptions().hourCycle;return e==="h11"||e==="h12"}default:return}},Fe=(n,e)=>new Intl.DateTimeFormat("en-CA",{timeZone:e}).format(n),qe=(n,e,t=new Date)=>{let r=new Date(e);if(Number.isNaN(r.getTime()))return null;let i=xt(n),a={hour:"numeric",minute:"2-digit",hour12:At(n),timeZone:i},s=(r.getTime()-t.getTime())/864e5;return Fe(r,i)!==Fe(t,i)&&(s<6?a.weekday="short":(a.month="short",a.day="numeric")),new Intl.DateTimeFormat(n.locale.language,a).format(r)},Ze=n=>typeof n=="string"&&/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(n)?n:null;var Je=new Set(["warmingup","printing","resuming"]),Et=n=>n===void 0?"unknown":Je.has(n)?"active":n==="paused"?"paused":n==="complete"?"done":n==="error"||n==="cancelled"?"error":n==="idle"?"idle":n==="offline"||n==="unavailable"?"offline":"unknown",Ct=[{action:"pause",icon:"mdi:pause"},{action:"resume",icon:"mdi:play"},{action:"cancel",icon:"mdi:stop"},{action:"home",icon:"mdi:home-import-outline"}],St=[["hotend","hotend_temperature","hotend_target"],["bed","bed_temperature","bed_target"],["chamber","chamber_temperature","chamber_target"]],kt=(n,e)=>{if(n)return"alert";let t=e?.attributes.status_color;return t==="r"?"alert":t==="y"?"warn":"ok"},Qe=(n,e,t)=>{let r=c=>{let f=e.entities[c];return f===void 0?void 0:n.states[f]},i=c=>{let f=r(c);return b(f)?n.formatEntityState(f):null},a=c=>{let f=n.entities[c]?.name,v=n.states[c]?.attributes.friendly_name;return f||(typeof v=="string"?v:c)},s=r("state"),g=r("connected"),o={name:K(e.device),state:{entity:e.entities.state,text:s?n.formatEntityState(s):"",kind:Et(s?.state)},connected:b(g)?g.state==="on":null,gadgetWarning:r("gadget_warning")?.state==="on",temperatures:[],materials:[],lights:[],controls:[]};if(s===void 0||s.state==="unavailable")return o.offline="unavailable",o.state.kind="offline",o;if(s.state==="offline"||o.connected===!1)return o.offline="offline",o.state.kind="offline",o;let l=t.camera_entity||e.cameras[0],h=l?n.states[l]:void 0;if(t.show_camera!==!1&&h&&h.state!=="unavailable"){let c=h.attributes.entity_picture;o.camera={entity:h.entity_id,name:a(h.entity_id),picture:typeof c=="string"?c:null}}let u=s.state,y=Je.has(u)||u==="paused"||u==="complete";if(y){let c=i("current_layer"),f=i("total_layers"),v=r("estimated_finish");o.progress={percent:R(r("progress")),text:i("progress"),file:i("file_name"),timeLeft:u==="complete"?null:i("time_remaining"),finish:u!=="complete"&&b(v)?qe(n,v.state):null,layer:c!==null&&f!==null?m(n,"progress.layer_value",{current:c,total:f}):null}}if(t.show_temperatures!==!1){for(let[c,f,v]of St){let A=r(f);if(!b(A))continue;let w={key:c,label:m(n,`temperature.${c}`),entity:A.entity_id,current:n.formatEntityState(A)},x=r(v),q=x?.entity_id.startsWith("number.")??!1;if(b(x)&&(q||R(x)!==0)){let M=x.attributes;w.target={entity:x.entity_id,text:n.formatEntityState(x),editable:q,value:R(x),min:Number(M.min??0),max:Number(M.max??300),step:Number(M.step??1)}}o.temperatures.push(w)}for(let c of e.tools){let f=n.states[c.temperature];if(!b(f))continue;let v=c.target?n.states[c.target]:void 0;o.temperatures.push({key:c.temperature,label:a(c.temperature),entity:c.temperature,current:n.formatEntityState(f),active:c.active?n.states[c.active]?.state==="on":void 0,target:b(v)&&R(v)!==0?{entity:v.entity_id,text:n.formatEntityState(v),editable:!1,value:R(v),min:0,max:0,step:1}:void 0})}}if(t.show_materials!==!1)for(let c of e.materials){let f=[];for(let v of c.sources){let A=n.states[v];if(!A||A.state==="unavailable")continue;let w=A.attributes,x=A.state==="empty",q=b(A),M=x?m(n,"material.empty"):q?A.state:m(n,"material.unknown"),te=typeof w.remaining_percent=="number"?w.remaining_percent:null,ye=w.active===!0,re=[typeof w.source=="string"?w.source:a(v),typeof w.material_name=="string"?w.material_name:M];te!==null&&re.push(m(n,"material.remaining",{percent:Math.round(te)})),ye&&re.push(m(n,"material.active")),f.push({entity:v,color:x?null:Ze(w.color),empty:x,active:ye,text:M,description:re.join(", "),remaining:te})}f.length>0&&o.materials.push({name:c.name,slots:f})}let _=r("gadget_score"),$=R(_);_&&$!==null&&(o.gadget={score:n.formatEntityState(_),value:$,level:kt(o.gadgetWarning,r("gadget_status"))});let F=r("last_print_result");if(!y&&b(F)&&(o.lastPrint={result:n.formatEntityState(F),kind:F.state,file:i("last_print_file"),duration:i("last_print_duration")}),t.show_controls!==!1){for(let c of e.lights){let f=n.states[c];b(f)&&o.lights.push({entity:c,name:a(c),on:f.state==="on"})}for(let{action:c,icon:f}of Ct){let v=r(c);!v||v.state==="unavailable"||o.controls.push({action:c,entity:v.entity_id,label:m(n,`control.${c}`),icon:f})}}return o};var W="octoeverywhere-printer-card",_e="octoeverywhere-printer-card-editor",Tt=1e4,Ye=2*Math.PI*30,N=class extends E{constructor(){super(),this._confirmCancel=!1}static getConfigElement(){return document.createElement(_e)}static getStubConfig(e){let t=Ke(e)[0];return{type:`custom:${W}`,...t?{device_id:t.id}:{}}}setConfig(e){if(!e||typeof e!="object")throw new Error("Invalid configuration");if(e.device_id!==void 0&&typeof e.device_id!="string")throw new Error("device_id must be a device id");this._config=e,this._confirmCancel=!1}getCardSize(){let e=this._view();return!e||e.offline?2:1+(e.camera?4:0)+(e.progress?2:0)+(e.temperatures.length?2:0)+(e.materials.length?2:0)+(e.gadget||e.lastPrint?1:0)+(e.controls.length||e.lights.length?1:0)}getGridOptions(){return{columns:12,rows:"auto",min_columns:6}}_entities(){let e=this.hass,t=this._config?.device_id;if(!e||!t)return;let r=this._printerFrom;return(!r||r[0]!==e.entities||r[1]!==e.devices||r[2]!==t)&&(this._printer=We(e,t),this._printerFrom=[e.entities,e.devices,t]),this._printer}_view(){let e=this._entities();return this.hass&&this._config&&e?Qe(this.hass,e,this._config):void 0}shouldUpdate(e){if(!e.has("hass")||e.size>1)return!0;let t=e.get("hass"),r=this.hass;if(!t||!r||t.locale!==r.locale||t.localize!==r.localize||t.formatEntityState!==r.formatEntityState)return!0;let i=this._printer,a=this._entities();return a!==i?!0:(a?.watched??[]).some(g=>t.states[g]!==r.states[g])}connectedCallback(){super.connectedCallback(),this._cameraTimer=window.setInterval(()=>this._refreshCamera(),Tt)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._cameraTimer)}_refreshCamera(){let e=this.renderRoot?.querySelector(".camera img"),t=e?.dataset.src;e&&t&&document.visibilityState==="visible"&&(e.src=`${t}${t.includes("?")?"&":"?"}t=${Date.now()}`)}render(){let e=this.hass;if(!e||!this._config)return p``;if(!this._config.device_id)return p`<ha-card><div class="message">${m(e,"card.no_device")}</div></ha-card>`;let t=this._view();return t?p`<ha-card>
      ${this._header(t)}
      ${t.offline?p`<div class="offline-message" role="status">
            <ha-icon icon="mdi:printer-3d-off" aria-hidden="true"></ha-icon>
            <span>${m(e,`offline.${t.offline}`)}</span>
          </div>`:p`${this._camera(t)}${this._progress(t)}${this._temperatures(t)}
          ${this._materials(t)}${this._gadgetAndLastPrint(t)}${this._actions(t)}`}
    </ha-card>`:p`<ha-card
        ><div class="message">${m(e,"card.device_missing")}</div></ha-card
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
                ${m(t,e.connected?"status.connected":"status.not_connected")}
              </span>`}
          ${e.gadgetWarning&&!e.offline?p`<span class="chip alert gadget-warning" role="alert">
                <ha-icon icon="mdi:alert" aria-hidden="true"></ha-icon>
                ${m(t,"status.gadget_warning")}
              </span>`:d}
        </div>
      </div>
    </div>`}_camera(e){let t=e.camera;return!t||!t.picture?d:p`<button
      class="camera"
      aria-label=${m(this.hass,"camera.open",{name:t.name})}
      @click=${()=>this._moreInfo(t.entity)}
    >
      <img src=${t.picture} data-src=${t.picture} alt=${t.name} />
    </button>`}_progress(e){let t=e.progress;if(!t)return d;let r=this.hass,i=Math.max(0,Math.min(100,t.percent??0)),a=[[m(r,"progress.time_left"),t.timeLeft],[m(r,"progress.finish"),t.finish],[m(r,"progress.layer"),t.layer]];return p`<section class="progress">
      <div
        class="ring"
        role="progressbar"
        aria-label=${m(r,"progress.label")}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(i)}
      >
        <svg viewBox="0 0 72 72" width="72" height="72" aria-hidden="true">
          <circle class="track" cx="36" cy="36" r="30"></circle>
          <circle
            class="bar"
            cx="36"
            cy="36"
            r="30"
            stroke-dasharray=${Ye}
            stroke-dashoffset=${Ye*(1-i/100)}
          ></circle>
        </svg>
        <span class="percent">${t.text??"\u2013"}</span>
      </div>
      <div class="job">
        ${t.file?p`<div class="file" title=${t.file}>${t.file}</div>`:d}
        <dl>
          ${a.map(([s,g])=>g===null?d:p`<div><dt>${s}</dt><dd>${g}</dd></div>`)}
        </dl>
      </div>
    </section>`}_temperatures(e){return e.temperatures.length?p`<section>
      <h3>${m(this.hass,"temperature.title")}</h3>
      <div class="temps">${e.temperatures.map(t=>this._temperature(t))}</div>
    </section>`:d}_temperature(e){let t=e.target;return p`<div class="temp ${e.active?"active":""}">
      <div class="hint">${e.label}</div>
      <div class="value">
        <button class="plain" @click=${()=>this._moreInfo(e.entity)}>
          ${e.current}
        </button>
      </div>
      ${t?p`<div class="target">
            ${m(this.hass,"temperature.target")}
            ${t.editable?p`<input
                  type="number"
                  inputmode="decimal"
                  aria-label=${m(this.hass,"temperature.set_target",{heater:e.label})}
                  .value=${t.value===null?"":String(t.value)}
                  min=${t.min}
                  max=${t.max}
                  step=${t.step}
                  @change=${r=>this._setTarget(r,t.entity)}
                />`:p`<span>${t.text}</span>`}
          </div>`:d}
    </div>`}_materials(e){return e.materials.length?p`<section class="materials">
      <h3>${m(this.hass,"material.title")}</h3>
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
    </section>`:d}_gadgetAndLastPrint(e){let t=this.hass,r=e.gadget,i=e.lastPrint;if(!r&&!i)return d;let a=r?Math.max(0,Math.min(100,r.value*10)):0;return p`${r?p`<section class="gadget">
          <div class="row">
            <span class="chip ${r.level}">${m(t,"gadget.title")}</span>
            <span class="score" aria-label=${m(t,"gadget.score")}>${r.score}</span>
            <div class="scale" aria-hidden="true" title=${m(t,"gadget.scale")}>
              <div class="marker" style="left:${a}%"></div>
            </div>
          </div>
        </section>`:d}
    ${i?p`<section class="last">
          <h3>${m(t,"last_print.title")}</h3>
          <div class="row">
            <span class="chip ${i.kind==="complete"?"done":"error"}">${i.result}</span>
            ${i.file?p`<span class="file">${i.file}</span>`:d}
            ${i.duration?p`<span class="hint">${i.duration}</span>`:d}
          </div>
        </section>`:d}`}_actions(e){if(!e.lights.length&&!e.controls.length)return d;let t=this.hass;if(this._confirmCancel){let r=e.controls.find(i=>i.action==="cancel");if(r)return p`<section class="actions" role="alertdialog" aria-labelledby="confirm">
          <p class="confirm" id="confirm">${m(t,"control.cancel_confirm")}</p>
          <button class="keep" @click=${()=>this._confirmCancel=!1}>
            ${m(t,"control.cancel_no")}
          </button>
          <button class="primary confirm-cancel" @click=${()=>this._press(r)}>
            <ha-icon icon="mdi:stop" aria-hidden="true"></ha-icon>
            ${m(t,"control.cancel_yes")}
          </button>
        </section>`}return p`<section class="actions">
      ${e.lights.map(r=>p`<button
          class="light ${r.on?"on":""}"
          aria-pressed=${r.on?"true":"false"}
          aria-label=${m(t,"light.toggle",{name:r.name})}
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
    </section>`}_onControl(e){if(e.action==="cancel"){this._confirmCancel=!0,this.updateComplete.then(()=>this.renderRoot.querySelector(".keep")?.focus());return}this._press(e)}_press(e){this._confirmCancel=!1,this.hass?.callService("button","press",{entity_id:e.entity})}_setTarget(e,t){let r=e.target,i=Number(r.value);r.value===""||!Number.isFinite(i)||this.hass?.callService("number","set_value",{entity_id:t,value:i})}_moreInfo(e){e&&this.dispatchEvent(new CustomEvent("hass-more-info",{detail:{entityId:e},bubbles:!0,composed:!0}))}};N.properties={hass:{attribute:!1},_config:{state:!0},_confirmCancel:{state:!0}},N.styles=Be;var ve=["show_camera","show_temperatures","show_materials","show_controls"],Pt=[{name:"device_id",required:!0,selector:{device:{filter:{integration:ee,manufacturer:"OctoEverywhere"}}}},{name:"camera_entity",selector:{entity:{filter:{domain:"camera"}}}},{type:"grid",name:"",schema:ve.map(n=>({name:n,selector:{boolean:{}}}))}],Ht=async()=>{if(customElements.get("ha-form"))return;let n=window.loadCardHelpers;if(!n)return;let t=await(await n()).createCardElement({type:"glance",entities:[]});await t.constructor.getConfigElement?.call(t.constructor)},B=class extends E{constructor(){super(),this._ready=!!customElements.get("ha-form")}setConfig(e){this._config=e}connectedCallback(){super.connectedCallback(),this._ready||Ht().then(()=>customElements.whenDefined("ha-form")).then(()=>{this._ready=!0})}render(){if(!this.hass||!this._config||!this._ready)return p``;let e={...Object.fromEntries(ve.map(t=>[t,!0])),...this._config};return p`<ha-form
      .hass=${this.hass}
      .data=${e}
      .schema=${Pt}
      .computeLabel=${t=>m(this.hass,`editor.${t.name}`)}
      @value-changed=${this._changed}
    ></ha-form>`}_changed(e){e.stopPropagation();let t={...e.detail.value};for(let r of ve)t[r]===!0&&delete t[r];t.camera_entity||delete t.camera_entity,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:t},bubbles:!0,composed:!0}))}};B.properties={hass:{attribute:!1},_config:{state:!0},_ready:{state:!0}};var Rt="home-assistant",Xe=n=>n.CustomElementRegistryPolyfill!==void 0?Promise.resolve():n.customElements.whenDefined(Rt);var et=window.customCards??=[];et.some(n=>n.type===W)||et.push({type:W,name:m(void 0,"card.name"),description:m(void 0,"card.description"),preview:!0,documentationURL:"https://github.com/octoeverywhere-ha/octoeverywhere-homeassistant#printer-card"});Xe(window).then(()=>{for(let[n,e]of[[W,N],[_e,B]])window.customElements.get(n)||window.customElements.define(n,e)});
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
