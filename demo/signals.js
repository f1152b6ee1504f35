// Pretends the browser sends Do Not Track (?dnt=1) or Global Privacy Control (?gpc=1), before the banner loads.
(function () {
  var params = new URLSearchParams(location.search);
  if (params.get('dnt') === '1') {
    Object.defineProperty(Navigator.prototype, 'doNotTrack', {
      configurable: true,
      get: function () {
        return '1';
      },
    });
  }
  if (params.get('gpc') === '1') {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
      configurable: true,
      get: function () {
        return true;
      },
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('signals').textContent =
      'This page now: Do Not Track ' +
      (navigator.doNotTrack === '1' ? 'on' : 'off') +
      ', Global Privacy Control ' +
      (navigator.globalPrivacyControl === true ? 'on' : 'off') +
      '.';
    document.getElementById('track').addEventListener('click', function () {
      window.ConsentBanner.snowplow.trackPageView();
    });
  });
})();
