// khuyencong: small page behaviour, no inline scripts (the Content Security Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit submit their form on change (the language picker).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});

// The menu (base.html): on narrow screens a button shows and hides it; one group open at a time; a click
// outside a group or Escape closes it. Without JavaScript the home page lists every group.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  const menu = document.getElementById("main-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", () => {
      const open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  const groups = Array.from(document.querySelectorAll("#main-menu details"));
  const closeAll = (except) => groups.forEach((group) => {
    if (group !== except) group.open = false;
  });
  groups.forEach((group) => group.addEventListener("toggle", () => {
    if (group.open) closeAll(group);
  }));
  document.addEventListener("click", (event) => {
    if (!groups.some((group) => group.contains(event.target))) closeAll(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeAll(null);
  });
});

// A table that scrolls sideways inside its box (.table-wrap, or any table on a phone) can be scrolled from
// the keyboard: the box takes the focus (axe: scrollable-region-focusable). Checked again on resize.
(() => {
  const mark = () => document.querySelectorAll("main .table-wrap, main table").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible") {
      box.setAttribute("tabindex", "0");
    }
  });
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSwap", mark);
})();
