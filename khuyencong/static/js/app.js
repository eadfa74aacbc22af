// khuyencong: small page behaviour, no inline scripts (the Content Security Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit submit their form on change (the language picker).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
