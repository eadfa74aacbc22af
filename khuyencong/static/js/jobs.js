// khuyencong imports: while the uploaded file is being checked (a dry run, it can take a few seconds),
// the button shows it is busy and cannot be pressed twice. The progress of a running job is polled by
// htmx (hx-get on #job-status), so no script is needed for it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    const button = document.getElementById("upload-submit");
    if (button) {
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
    }
  });
});
