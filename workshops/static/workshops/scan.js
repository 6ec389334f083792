// Scanning ticket QR codes with the phone camera, where the browser offers the
// BarcodeDetector API. Progressive enhancement: without it, the button stays hidden and
// hosts type the code into the form, which works on its own.
(function () {
  "use strict";
  var button = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var form = document.getElementById("code-form");
  if (!button || !video || !form) { return; }
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var input = form.querySelector("input[name='code']");
  var stream = null;
  var timer = null;
  var detector = null;
  button.hidden = false;

  function stop() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    button.textContent = button.dataset.labelStart;
  }

  function scan() {
    if (!detector || video.readyState < 2) { return; }
    detector.detect(video).then(function (codes) {
      if (!codes.length) { return; }
      var value = codes[0].rawValue || "";
      stop();
      input.value = value;
      status.textContent = status.dataset.found + " " + value;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }).catch(function () { /* try again on the next frame */ });
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      status.textContent = status.dataset.denied;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = button.dataset.labelStop;
      return video.play();
    }).then(function () {
      timer = window.setInterval(scan, 300);
    }).catch(function () {
      stop();
      status.textContent = status.dataset.denied;
      input.focus();
    });
  });
})();
