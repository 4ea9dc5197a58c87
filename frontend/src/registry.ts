// When to define the card's elements.
//
// Home Assistant's index.html imports the app and every extra module (add_extra_js_url) at the
// same time. When the app starts, it replaces window.customElements with a scoped custom element
// registry polyfill (@webcomponents/scoped-custom-element-registry) that knows only the elements
// defined through it: an element defined before that, in the browser's own registry, is
// invisible to `customElements.get` and `whenDefined`, so Lovelace shows "Custom element doesn't
// exist" for good. Whether a small module or the app runs first is a race, lost on about half of
// the cold first opens. So the elements are defined once the app's registry is in place: at
// once when the polyfill already ran, otherwise when the app defines its root element (the
// polyfill defines a stand-in in the native registry too, so the native whenDefined resolves).

type RegistryWindow = {
  customElements: { whenDefined: (name: string) => Promise<unknown> };
  CustomElementRegistryPolyfill?: unknown;
};

export const APP_ELEMENT = "home-assistant";

export const whenRegistryReady = (win: RegistryWindow): Promise<unknown> =>
  win.CustomElementRegistryPolyfill !== undefined
    ? Promise.resolve()
    : win.customElements.whenDefined(APP_ELEMENT);
