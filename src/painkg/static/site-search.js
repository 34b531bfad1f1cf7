// Search of the painkg site's index page: no network, no library. The entity list is the JSON
// in <script id="entities">; matches rank label prefix first, then word prefix, then
// anywhere (synonyms count), and Enter opens the first result listed.
(function () {
  "use strict";
  var data = document.getElementById("entities");
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  if (!data || !input || !list) { return; }
  var items = JSON.parse(data.textContent);
  function fold(text) { return text.normalize("NFKC").toLowerCase(); }
  function rank(item, q) {
    var best = 9;
    [item.label].concat(item.synonyms).forEach(function (name, i) {
      var n = fold(name), r = 9;
      if (n.indexOf(q) === 0) { r = 0; }
      else if (n.indexOf(" " + q) >= 0) { r = 1; }
      else if (n.indexOf(q) >= 0) { r = 2; }
      best = Math.min(best, r + (i > 0 ? 0.5 : 0));
    });
    return best;
  }
  function show() {
    var q = fold(input.value.trim());
    list.textContent = "";
    if (!q) { return; }
    var found = items.map(function (it) { return [rank(it, q), it]; })
      .filter(function (p) { return p[0] < 9; })
      .sort(function (a, b) { return a[0] - b[0] || a[1].label.localeCompare(b[1].label); })
      .slice(0, 20);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "No match for \u201c" + input.value.trim() + "\u201d.";
      list.appendChild(none);
      return;
    }
    found.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = p[1].href;
      a.textContent = p[1].label;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + p[1]["class"] + ")"));
      list.appendChild(li);
    });
  }
  input.addEventListener("input", show);
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    var first = list.querySelector("a");
    if (first) { event.preventDefault(); window.location.href = first.getAttribute("href"); }
  });
}());
