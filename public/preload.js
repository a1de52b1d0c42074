// Runs before the page's body, while the app itself is still loading.
//
// 1. The loading screen of index.html (#boot): the remembered language, and what is happening
//    if the app does not start — too slow (after 15 s), failed (an error or a failed download of
//    one of its scripts before the start), or impossible (a browser without the WebAssembly the
//    app is compiled for: a very old one, or one with WebAssembly switched off).
(function () {
  var root = document.documentElement;
  root.className += ' js';
  try {
    if (localStorage.getItem('antrag:locale') === 'en') root.lang = 'en';
  } catch (e) { /* storage blocked: German */ }
  // Can this browser run the app? A 56-byte module with what rustc's wasm32 target uses by
  // default: reference types (externref), bulk memory, sign extension, saturating float-to-int,
  // multiple results. Asked directly, because a failure to compile the app proves nothing (a
  // proxy's block page served in place of the app fails the same way).
  var capable = false;
  try {
    capable = typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 12, 2, 96, 1, 111, 2, 127, 127, 96, 0, 2, 127, 127, 3, 2, 1, 0,
      5, 3, 1, 0, 1, 10, 23, 1, 21, 0, 65, 0, 65, 0, 65, 0, 252, 11, 0, 65, 0, 192, 67, 0, 0, 0, 0,
      252, 0, 11]));
  } catch (e) { /* no WebAssembly at all */ }
  var started = false;
  function show(state) {
    var boot = document.getElementById('boot');
    if (started || !boot) return;
    // Without the WebAssembly the app needs, every state is "too old": what breaks afterwards
    // is a consequence, not news.
    boot.setAttribute('data-state', capable ? state : 'old');
  }
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  // Script errors (target: window) and failed script downloads (target: the <script>; these do
  // not bubble, hence the capture phase). Other failed resources (an icon) do not matter.
  addEventListener('error', function (e) {
    var t = e.target;
    if (t === window || (t && t.tagName === 'SCRIPT')) show('failed');
  }, true);
  addEventListener('unhandledrejection', function () { show('failed'); });
  setTimeout(function () {
    var boot = document.getElementById('boot');
    if (boot && boot.getAttribute('data-state') === 'loading') show('slow');
  }, 15000);
  if (!capable) {
    document.addEventListener('DOMContentLoaded', function () { show('old'); });
  }
})();

// 2. Starts downloading what the app will ask for first (the deployment's configuration, the
//    list of forms and the form of this address), so opening a form does not wait for one more
//    round trip after the app has started. The app's own requests are then answered from these
//    downloads.
(function () {
  var path = location.pathname;
  var form = /^\/antrag\/([A-Za-z0-9_-]+)(?:\/|$)/.exec(path);
  if (!form && path !== '/' && path !== '/index.html') return;
  var urls = ['/config.json', '/forms/index.json'];
  if (form) urls.push('/forms/' + form[1] + '.json');
  for (var i = 0; i < urls.length; i++) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = urls[i];
    document.head.appendChild(link);
  }
})();
