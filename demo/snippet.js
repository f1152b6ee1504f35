(function () {
  var snippet = [
    '<script async src="https://your.cdn/consent-banner/consent-banner.min.js"',
    '  data-collector="https://collector.example.com" data-app-id="my-site"',
    '  data-page-view data-privacy-url="/privacy"></' + 'script>',
  ].join('\n');
  var gated = '<script type="text/plain" data-consent-level="full" src="https://other.tool/tag.js"></' + 'script>';
  document.getElementById('snippet').textContent = snippet;
  document.getElementById('gated-example').textContent = gated;
  document.getElementById('copy').addEventListener('click', function () {
    var done = function (text) {
      document.getElementById('copied').textContent = text;
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(snippet).then(
        function () {
          done('Copied.');
        },
        function () {
          done('Select the text above and copy it.');
        },
      );
    } else {
      done('Select the text above and copy it.');
    }
  });
})();
