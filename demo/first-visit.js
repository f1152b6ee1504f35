(function () {
  // The global API works on every page (the element's own methods only once its UI has loaded). It is
  // looked up at each click: the drop-in script is async and may run after this one.
  function api() {
    return window.ConsentBanner;
  }
  document.getElementById('track').addEventListener('click', function () {
    api().snowplow.trackPageView();
  });
  document.getElementById('identify').addEventListener('click', function () {
    api().identify('alice');
  });
  document.getElementById('logout').addEventListener('click', function () {
    api().anonymize();
  });
  document.getElementById('reset').addEventListener('click', function () {
    api().reset();
  });
})();
