// Runs before the page's body, while the app itself is still loading.
//
// 1. The loading screen of index.html (#boot): the remembered language, and what is happening
//    if the app does not start — too slow (after 15 s), failed (a script error or a failed
//    download before the start), or impossible (no WebAssembly, or one too old to compile the
//    app: a very old browser).
(function () {
  var root = document.documentElement;
  root.className += ' js';
  try {
    if (localStorage.getItem('antrag:locale') === 'en') root.lang = 'en';
  } catch (e) { /* storage blocked: German */ }
  var started = false;
  function show(state) {
    if (started) return;
    var boot = document.getElementById('boot');
    if (boot) boot.setAttribute('data-state', state);
  }
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  // A module the browser cannot compile means a browser too old for the app, not a network fault.
  function failed(reason) {
    var old = typeof WebAssembly === 'object' && reason instanceof WebAssembly.CompileError;
    show(old ? 'old' : 'failed');
  }
  addEventListener('error', function (e) { failed(e.error); });
  addEventListener('unhandledrejection', function (e) { failed(e.reason); });
  setTimeout(function () {
    var boot = document.getElementById('boot');
    if (boot && boot.getAttribute('data-state') === 'loading') show('slow');
  }, 15000);
  if (typeof WebAssembly !== 'object') {
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
