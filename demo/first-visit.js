(function () {
  function banner() {
    return document.querySelector('consent-banner');
  }
  document.getElementById('track').addEventListener('click', function () {
    window.ConsentBanner.snowplow.trackPageView();
  });
  document.getElementById('identify').addEventListener('click', function () {
    banner().identify('alice');
  });
  document.getElementById('logout').addEventListener('click', function () {
    banner().anonymize();
  });
  document.getElementById('reset').addEventListener('click', function () {
    banner().reset();
  });
})();
