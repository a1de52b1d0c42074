// Starts downloading what the app will ask for first (the deployment's configuration, the list
// of forms and the form of this address) while the app itself is still loading, so opening a
// form does not wait for one more round trip after the app has started. The app's own requests
// are then answered from these downloads.
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
