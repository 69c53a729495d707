// Ruang kerja: small behaviours without inline scripts or handlers (CSP script-src 'self').
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) {
    event.preventDefault();
    window.print();
  }
});
