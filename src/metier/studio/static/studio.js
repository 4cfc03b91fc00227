// metier studio: the little the pages need besides htmx (tabs, lists, filter). No build step.
function studioTab(name) {
  for (const id of ["form", "yaml"]) {
    document.getElementById(id).hidden = id !== name;
    document.getElementById("tab-" + id).classList.toggle("on", id === name);
  }
}
function studioRenumber(list) {
  const path = list.dataset.path;
  const items = list.querySelector(":scope > .items").children;
  const esc = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp("^(f-)?" + esc + "\\.(\\d+|__index__)");
  Array.from(items).forEach((item, index) => {
    item.querySelectorAll("[name], [id], [for]").forEach((el) => {
      for (const attr of ["name", "id", "for"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(pattern, (m, f) => (f || "") + path + "." + index));
      }
    });
  });
  list.closest("form").dispatchEvent(new Event("change", {bubbles: true}));
}
function studioAdd(button) {
  const list = button.closest(".list");
  const item = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
  list.querySelector(":scope > .items").appendChild(item);
  studioRenumber(list);
  if (window.htmx) htmx.process(item);  // its Markdown preview, if it has a text area
}
function studioRemove(button) {
  const list = button.closest(".list");
  button.closest(".item").remove();
  studioRenumber(list);
}
function studioMove(button, step) {
  const item = button.closest(".item");
  const list = item.closest(".list");
  const other = step < 0 ? item.previousElementSibling : item.nextElementSibling;
  if (!other) return;
  if (step < 0) other.before(item); else other.after(item);
  studioRenumber(list);
}
function studioRebase(base, reload) {
  document.querySelectorAll("input[name=base]").forEach((el) => (el.value = base));
  if (reload) studioReload();
}
// Reload the page (its fields then show the file as saved) and keep the status line across the reload.
function studioReload() {
  const status = document.getElementById("status");
  if (status) sessionStorage.setItem("metier-studio-flash", status.outerHTML);
  location.reload();
}
document.addEventListener("DOMContentLoaded", () => {
  const flash = sessionStorage.getItem("metier-studio-flash");
  const message = document.getElementById("message");
  if (flash && message) {
    sessionStorage.removeItem("metier-studio-flash");
    message.innerHTML = flash;
  }
});
function studioFilter(text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  document.querySelectorAll("#profiles tbody tr").forEach((row) => {
    row.hidden = !words.every((w) => row.dataset.search.includes(w));
  });
}
// Follow a build started from the home page: its server-sent events fill the progress list, then the result.
function studioBuild(address) {
  const source = new EventSource(address);
  const button = document.getElementById("build-button");
  if (button) button.disabled = true;
  const finish = () => { source.close(); if (button) button.disabled = false; };
  source.addEventListener("start", (event) => {
    document.getElementById("build-progress").replaceChildren();  // a reconnection replays the run from its start
    document.getElementById("build-count").innerHTML = event.data;
    const total = Number(document.querySelector("#build-count [data-total]").dataset.total);
    document.getElementById("build-bar").max = Math.max(total, 1);
  });
  source.addEventListener("progress", (event) => {
    const list = document.getElementById("build-progress");
    list.insertAdjacentHTML("beforeend", event.data);
    document.getElementById("build-bar").value = Number(list.lastElementChild.dataset.done);
  });
  source.addEventListener("done", (event) => {
    document.getElementById("build-result").innerHTML = event.data;
    const now = document.getElementById("targets-now");
    if (now) document.getElementById("targets").innerHTML = now.innerHTML;  // what is out of date after the build
    document.getElementById("build-state").textContent = "Construction terminée.";
    const bar = document.getElementById("build-bar");
    bar.value = bar.max;
    finish();
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) finish();
  };
}
