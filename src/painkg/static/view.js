// painkg's offline graph page: Cytoscape.js, search, colour and shape by class, legend,
// evidence panel.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("painkg-data").textContent);
  var STYLE = DATA.style;
  // Every label shown is drawn at LABEL_PX screen pixels or more, whatever the zoom.
  var LABEL_PX = 12;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function tierBadge(tier) { return el("span", {"class": "tier tier-" + tier, text: tier}); }
  function shapeOf(cls) { return STYLE.shapes[cls] || "ellipse"; }
  // A small drawing of a class's shape and colour (legend, panel, lists).
  function swatch(cls, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("aria-hidden", "true");
    var shape = shapeOf(cls);
    var s = shape === "ellipse" ? document.createElementNS(ns, "circle") :
            shape === "rectangle" ? document.createElementNS(ns, "rect") :
            document.createElementNS(ns, "polygon");
    var attrs = shape === "ellipse" ? {cx: 10, cy: 10, r: 8} :
                shape === "rectangle" ? {x: 2, y: 4, width: 16, height: 12} :
                shape === "hexagon" ? {points: "5,2 15,2 19,10 15,18 5,18 1,10"} :
                {points: "10,1 19,10 10,19 1,10"};
    Object.keys(attrs).forEach(function (k) { s.setAttribute(k, attrs[k]); });
    s.setAttribute("fill", colour || STYLE.colours[cls] || "#cccccc");
    s.setAttribute("stroke", "#444");
    svg.appendChild(s);
    return svg;
  }

  // Node bodies, pens and labels keep their size on screen at every zoom (like a map):
  // fitting a large view to the window does not shrink them into dots, hairlines and
  // unreadable text, and zooming in spreads the entities apart so that more labels fit.
  // Bodies and pens stop growing below a zoom of 0.35 (a view of thousands of entities
  // would otherwise be one blob); labels do not, as only those that fit are shown.
  var zoomNow = 1;  // the zoom the sizes were last computed for (see relabel)
  function atLeast(px) { return px / zoomNow; }
  function body(px) { return px / Math.max(zoomNow, 0.35); }
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: DATA.elements,
    wheelSensitivity: 0.3,
    style: [
      {selector: "node", style: {
        "background-color": "data(colour)", "label": "", "shape": function (n) { return shapeOf(n.data("class")); },
        "text-valign": "bottom", "text-margin-y": function () { return atLeast(3); }, "text-wrap": "wrap", "text-max-width": function () { return atLeast(140); },
        "font-size": function () { return atLeast(LABEL_PX); }, "color": "#111",
        "text-background-color": "#fcfcfc", "text-background-opacity": 0.85,
        "text-background-padding": function () { return atLeast(1); },
        "border-width": function () { return body(1); }, "border-color": "#444",
        "width": function () { return body(18); }, "height": function () { return body(18); }}},
      {selector: "node.labelled", style: {"label": "data(label)"}},
      {selector: "edge", style: {
        "width": function (e) { return body(e.data("width") * 1.2); }, "line-style": "data(line_style)", "line-color": "#666",
        "target-arrow-color": "#666", "target-arrow-shape": "triangle", "curve-style": "bezier",
        "arrow-scale": function () { return body(0.5); }, "label": "", "font-size": function () { return atLeast(11); }, "color": "#444",
        "text-rotation": "autorotate", "text-background-color": "#fcfcfc",
        "text-background-opacity": 0.8}},
      // Edge labels only near the focus (a selected entity's edges, a selected edge) or when
      // zoomed in far enough for them to fit.
      {selector: "edge.focus, edge:selected", style: {"label": "data(label)"}},
      // LLM-only wins over implied-only (listed last), as in style.edge_colour and the legend.
      {selector: "edge[?implied_only]", style: {"line-color": "#7570b3", "target-arrow-color": "#7570b3"}},
      {selector: "edge[?llm_only]", style: {"line-color": "#d6604d", "target-arrow-color": "#d6604d"}},
      {selector: ".faded", style: {"opacity": 0.15}},
      {selector: ".match", style: {"border-width": function () { return body(4); }, "border-color": "#1f4e9e"}},
      {selector: ":selected", style: {"border-width": function () { return body(5); }, "border-color": "#000", "line-color": "#000",
        "target-arrow-color": "#000"}}
    ],
    layout: {name: "preset"}
  });

  // Entities without a relation in this view are not drawn (a layout parks them in rows at
  // the edge): the side panel lists them by class, and search still finds them.
  var everyone = cy.nodes().toArray();
  var unconnected = cy.nodes().filter(function (n) { return n.degree(false) === 0; });
  cy.remove(unconnected);
  window.painkg = {cy: cy, data: DATA, unconnected: unconnected.map(function (n) { return n.id(); })};

  // Labels: most connected first, then by name; a label is shown when it overlaps no label
  // already shown. Selected and matching entities come first. Zooming in shows more.
  function priority(n) { return (n.selected() ? 2 : 0) + (n.hasClass("match") ? 1 : 0); }
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  function relabel() {
    zoomNow = cy.zoom();
    cy.batch(function () { cy.style().update(); cy.nodes().addClass("labelled"); });
    var order = cy.nodes().toArray().sort(function (a, b) {
      return priority(b) - priority(a) || b.degree(false) - a.degree(false) ||
             (a.data("label") < b.data("label") ? -1 : a.data("label") > b.data("label") ? 1 : 0);
    });
    // A label may cover neither another label shown nor another entity's node. Boxes are
    // filed in a grid of cells so that a view of thousands of entities is checked quickly.
    var grid = {};
    var cell = atLeast(160);
    function cells(box, visit) {
      for (var gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell); gx++) {
        for (var gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell); gy++) {
          if (visit(gx + ":" + gy)) { return true; }
        }
      }
      return false;
    }
    function file(box, owner, isLabel) {
      var entry = {box: box, owner: owner, label: isLabel};
      cells(box, function (key) { (grid[key] = grid[key] || []).push(entry); return false; });
    }
    cy.nodes().forEach(function (n) {
      file(n.boundingBox({includeNodes: true, includeEdges: false, includeLabels: false}), n.id(), false);
    });
    // The hubs (the few most connected entities) may cover other nodes: a view without its
    // centre named is hard to read.
    var hubDegree = order.length ? order[Math.min(order.length - 1, Math.floor(order.length / 20))].degree(false) : 0;
    var hidden = [];
    order.forEach(function (n) {
      var hub = n.degree(false) >= Math.max(3, hubDegree);
      var box = n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
      var free = !cells(box, function (key) {
        return (grid[key] || []).some(function (o) {
          return o.owner !== n.id() && (o.label || !hub) && overlaps(box, o.box);
        });
      });
      if (priority(n) || free) { file(box, n.id(), true); } else { hidden.push(n); }
    });
    cy.batch(function () {
      cy.collection(hidden).removeClass("labelled");
      cy.edges().removeClass("focus");
      cy.nodes(":selected").connectedEdges().addClass("focus");
      if (cy.edges().length <= 15 || zoomNow >= 2.5) { cy.edges().addClass("focus"); }
    });
  }
  var relabelTimer = null;
  window.painkg.relabel = relabel;
  cy.on("zoom", function () {
    clearTimeout(relabelTimer);
    relabelTimer = setTimeout(relabel, 80);
  });

  // Deterministic layout: start on a circle in id order, then let cose settle without randomness.
  cy.layout({name: "circle", sort: function (a, b) { return a.id() < b.id() ? -1 : 1; }}).run();
  var layout = cy.layout({name: "cose", randomize: false, animate: false, nodeRepulsion: 80000,
                          nodeOverlap: 20, idealEdgeLength: 70, edgeElasticity: 100,
                          nodeDimensionsIncludeLabels: false, componentSpacing: 40,
                          gravity: 80, numIter: 2500, padding: 20});
  layout.one("layoutstop", function () {
    cy.fit(undefined, 40);
    // A small view fitted to the window would be blown up: keep it at a natural size.
    if (cy.zoom() > 2.5) { cy.zoom({level: 2.5, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); }
    relabel();
    document.body.setAttribute("data-ready", "true");
  });
  layout.run();

  // Legend: the classes present (drawn or not), then the edge styles.
  var counts = {};
  everyone.forEach(function (n) { counts[n.data("class")] = (counts[n.data("class")] || 0) + 1; });
  var legendClasses = document.getElementById("legend-classes");
  STYLE.class_order.forEach(function (cls) {
    if (!counts[cls]) { return; }
    legendClasses.appendChild(el("li", {"data-class": cls}, [
      swatch(cls), el("span", {text: cls + " (" + counts[cls] + ")"})]));
  });
  var legendEdges = document.getElementById("legend-edges");
  STYLE.edges.forEach(function (row) {
    legendEdges.appendChild(el("li", {}, [
      el("span", {"class": "stroke", style: "border-top:" + Math.max(1, row.width * 1.2) + "px " + row.style + " " +
                  row.colour}),
      el("span", {text: row.text})]));
  });

  // Evidence panel.
  var panel = document.getElementById("evidence");
  function claimItem(id) {
    var c = DATA.claims[id];
    if (!c) { return null; }
    var where = [c.section, c.line ? "line " + c.line : "", c.tier === "LLM" ? "LLM tag" :
                 "source: " + c.marker + (c.citation ? " [" + c.citation + "]" : "") +
                 (c.kind ? " (" + c.kind + ")" : ""),
                 c.review ? "review: " + c.review : ""]
                .filter(Boolean).join(" · ");
    return el("li", {"class": "claim", "data-claim": id}, [
      tierBadge(c.tier), el("blockquote", {text: c.text}), el("div", {"class": "where", text: where})]);
  }
  function showNode(node) {
    var d = node.data();
    panel.innerHTML = "";
    panel.setAttribute("data-entity", d.id);
    panel.appendChild(el("h2", {text: d.label}));
    panel.appendChild(el("div", {}, [swatch(d["class"], d.colour), el("span", {text: " " + d["class"]})]));
    if (node.removed()) { panel.appendChild(el("p", {"class": "note", text: "No relation in this view: not drawn."})); }
    panel.appendChild(el("div", {"class": "iri", text: d.iri}));
    var dl = el("dl");
    Object.keys(d).sort().forEach(function (k) {
      if (["id", "iri", "label", "class", "colour", "n_claims"].indexOf(k) >= 0) { return; }
      dl.appendChild(el("dt", {text: k})); dl.appendChild(el("dd", {text: String(d[k])}));
    });
    panel.appendChild(dl);
    var groups = DATA.evidence[d.id] || [];
    panel.appendChild(el("h2", {text: "Evidence (" + d.n_claims + " claim" + (d.n_claims === 1 ? "" : "s") + ")"}));
    if (!groups.length) { panel.appendChild(el("p", {text: "No claim in the article supports a relation of this entity."})); }
    groups.forEach(function (g) {
      var tiers = g[1].map(function (id) { return (DATA.claims[id] || {}).tier; });
      var best = ["T1", "T2", "T3"].filter(function (t) { return tiers.indexOf(t) >= 0; })[0] ||
                 (tiers.every(function (t) { return t === "LLM"; }) ? "LLM" : "none");
      panel.appendChild(el("h3", {}, [el("span", {text: g[0] + " "}), tierBadge(best)]));
      panel.appendChild(el("ol", {}, g[1].map(claimItem)));
    });
    panel.hidden = false;
  }
  function showEdge(edge) {
    var d = edge.data();
    panel.innerHTML = "";
    panel.setAttribute("data-entity", d.id);
    panel.appendChild(el("h2", {text: cy.getElementById(d.source).data("label") + " " + d.label + " " +
                                      cy.getElementById(d.target).data("label")}));
    panel.appendChild(el("p", {}, [el("span", {text: "stated tier "}), tierBadge(d.stated_tier),
      el("span", {text: " · implied tier "}), tierBadge(d.implied_tier),
      el("span", {text: " · " + d.n_claims + " claim" + (d.n_claims === 1 ? "" : "s") + (d.llm_only ? " · LLM-only" : "")})]));
    panel.appendChild(el("ol", {}, d.claims.map(claimItem)));
    panel.hidden = false;
  }
  function select(node) {
    cy.elements().unselect();
    if (!node.removed()) {
      node.select();
      cy.animate({center: {eles: node}, duration: 0});
      relabel();
    }
    showNode(node);
  }
  cy.on("tap", "node", function (evt) { select(evt.target); });
  cy.on("tap", "edge", function (evt) { cy.elements().unselect(); evt.target.select(); showEdge(evt.target); relabel(); });

  // The entities not drawn, by class.
  var lonely = document.getElementById("unconnected");
  if (unconnected.length) {
    lonely.appendChild(el("summary", {text: "Not connected in this view (" + unconnected.length + ")"}));
    STYLE.class_order.forEach(function (cls) {
      var members = unconnected.filter(function (n) { return n.data("class") === cls; })
        .sort(function (a, b) { return a.data("label") < b.data("label") ? -1 : 1; });
      if (!members.length) { return; }
      lonely.appendChild(el("h3", {}, [swatch(cls), el("span", {text: " " + cls})]));
      lonely.appendChild(el("ul", {}, members.map(function (n) {
        var button = el("button", {type: "button", "data-id": n.id(), text: n.data("label")});
        button.addEventListener("click", function () { select(n); });
        return el("li", {}, [button]);
      })));
    });
    lonely.hidden = false;
  }

  // Search over labels, synonyms and ids. Ranked: exact name, then a name that starts with
  // the text, then a word that does, then a name or id containing it; then by label.
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  var entries = everyone.map(function (n) {
    var names = [n.data("label")].concat((n.data("altLabel") || "").split(" | ")).filter(Boolean).map(fold);
    return {node: n, names: names, id: fold(n.id()), label: fold(n.data("label"))};
  });
  function rank(entry, q) {
    var r = 4;
    entry.names.forEach(function (name) {
      if (name === q) { r = Math.min(r, 0); }
      else if (name.indexOf(q) === 0) { r = Math.min(r, 1); }
      else if ((" " + name.replace(/[^a-z0-9]+/g, " ")).indexOf(" " + q) >= 0) { r = Math.min(r, 2); }
      else if (name.indexOf(q) >= 0) { r = Math.min(r, 3); }
    });
    if (r === 4 && entry.id.indexOf(q) >= 0) { r = 3; }
    return r;
  }
  function ranked(text) {
    var q = fold(text);
    if (!q) { return []; }
    return entries.map(function (e) { return {entry: e, rank: rank(e, q)}; })
      .filter(function (x) { return x.rank < 4; })
      .sort(function (a, b) {
        return a.rank - b.rank || (a.entry.label < b.entry.label ? -1 : a.entry.label > b.entry.label ? 1 : 0);
      })
      .map(function (x) { return x.entry.node; });
  }
  // Similarity as in Python's difflib (2 * matches / total length), with the longest common
  // subsequence as the matches.
  function similarity(a, b) {
    if (!a.length || !b.length) { return 0; }
    var prev = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var row = [0];
      for (var j = 1; j <= b.length; j++) {
        row.push(a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]));
      }
      prev = row;
    }
    return 2 * prev[b.length] / (a.length + b.length);
  }
  function closest(text, count) {
    var q = fold(text);
    return entries.map(function (e) {
      return {node: e.node, score: Math.max.apply(null, e.names.map(function (n) { return similarity(q, n); }))};
    }).filter(function (x) { return x.score >= 0.6; })
      .sort(function (a, b) { return b.score - a.score || (a.node.data("label") < b.node.data("label") ? -1 : 1); })
      .slice(0, count).map(function (x) { return x.node; });
  }

  var search = document.getElementById("search");
  var results = document.getElementById("results");
  function resultButton(n) {
    var button = el("button", {type: "button", "data-id": n.id(),
                               text: n.data("label") + " — " + n.data("class") + (n.removed() ? " (not drawn)" : "")});
    button.addEventListener("click", function () { results.innerHTML = ""; select(n); });
    return el("li", {}, [button]);
  }
  search.addEventListener("input", function () {
    var found = ranked(search.value);
    cy.elements().removeClass("faded match");
    results.innerHTML = "";
    if (!search.value.trim()) { relabel(); return; }
    cy.elements().addClass("faded");
    var drawn = cy.collection(found.filter(function (n) { return !n.removed(); }));
    drawn.removeClass("faded").addClass("match");
    drawn.connectedEdges().removeClass("faded");
    if (found.length) {
      found.forEach(function (n) { results.appendChild(resultButton(n)); });
    } else {
      var near = closest(search.value, 5);
      results.appendChild(el("li", {"class": "no-match", text: "No match for “" + search.value.trim() + "”." +
                                    (near.length ? " Closest names:" : "")}));
      near.forEach(function (n) { results.appendChild(resultButton(n)); });
    }
    relabel();
  });
  search.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var found = ranked(search.value);  // the list as shown: Enter opens its first entry
      if (found.length) { results.innerHTML = ""; select(found[0]); }
    } else if (evt.key === "ArrowDown") {
      var first = results.querySelector("button");
      if (first) { evt.preventDefault(); first.focus(); }
    } else if (evt.key === "Escape") {
      results.innerHTML = "";
    }
  });
  results.addEventListener("keydown", function (evt) {
    var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
    var at = buttons.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (evt.key === "ArrowDown" && at + 1 < buttons.length) { evt.preventDefault(); buttons[at + 1].focus(); }
    if (evt.key === "ArrowUp") { evt.preventDefault(); (at ? buttons[at - 1] : search).focus(); }
  });
}());
