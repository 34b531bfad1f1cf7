// painkg's offline graph page: Cytoscape.js, search, colour by class, legend, evidence panel.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("painkg-data").textContent);
  var STYLE = DATA.style;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function tierBadge(tier) { return el("span", {"class": "tier tier-" + tier, text: tier}); }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: DATA.elements,
    wheelSensitivity: 0.3,
    style: [
      {selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 11,
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 130,
        "border-width": 1, "border-color": "#444", "width": 22, "height": 22}},
      {selector: "edge", style: {
        "width": "data(width)", "line-style": "data(line_style)", "line-color": "#777",
        "target-arrow-color": "#777", "target-arrow-shape": "triangle", "curve-style": "bezier",
        "arrow-scale": 0.8, "label": "data(label)", "font-size": 8, "color": "#555",
        "text-rotation": "autorotate", "text-background-color": "#fcfcfc",
        "text-background-opacity": 0.8}},
      {selector: "edge[?llm_only]", style: {"line-color": "#d6604d", "target-arrow-color": "#d6604d"}},
      {selector: "edge[?implied_only]", style: {"line-color": "#7570b3", "target-arrow-color": "#7570b3"}},
      {selector: ".faded", style: {"opacity": 0.15}},
      {selector: ".match", style: {"border-width": 4, "border-color": "#1f4e9e"}},
      {selector: ":selected", style: {"border-width": 5, "border-color": "#000", "line-color": "#000",
        "target-arrow-color": "#000"}}
    ],
    layout: {name: "preset"}
  });
  window.painkg = {cy: cy, data: DATA};

  // Deterministic layout: start on a circle in id order, then let cose settle without randomness.
  cy.layout({name: "circle", sort: function (a, b) { return a.id() < b.id() ? -1 : 1; }}).run();
  var layout = cy.layout({name: "cose", randomize: false, animate: false, nodeRepulsion: 400000,
                          nodeOverlap: 40, idealEdgeLength: 110, edgeElasticity: 80,
                          nodeDimensionsIncludeLabels: true, componentSpacing: 80,
                          gravity: 40, numIter: 2500, padding: 30});
  layout.one("layoutstop", function () {
    cy.fit(undefined, 30);
    document.body.setAttribute("data-ready", "true");
  });
  layout.run();

  // Legend: the classes present, then the edge styles.
  var counts = {};
  cy.nodes().forEach(function (n) { counts[n.data("class")] = (counts[n.data("class")] || 0) + 1; });
  var legendClasses = document.getElementById("legend-classes");
  STYLE.class_order.forEach(function (cls) {
    if (!counts[cls]) { return; }
    legendClasses.appendChild(el("li", {"data-class": cls}, [
      el("span", {"class": "swatch", style: "background:" + STYLE.colours[cls]}),
      el("span", {text: cls + " (" + counts[cls] + ")"})]));
  });
  var legendEdges = document.getElementById("legend-edges");
  STYLE.edges.forEach(function (row) {
    legendEdges.appendChild(el("li", {}, [
      el("span", {"class": "stroke", style: "border-top:" + row.width + "px " + row.style + " " +
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
    panel.appendChild(el("div", {}, [el("span", {"class": "swatch", style: "background:" + d.colour}),
                                    el("span", {text: " " + d["class"]})]));
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
    node.select();
    cy.animate({center: {eles: node}, duration: 0});
    showNode(node);
  }
  cy.on("tap", "node", function (evt) { select(evt.target); });
  cy.on("tap", "edge", function (evt) { cy.elements().unselect(); evt.target.select(); showEdge(evt.target); });

  // Search over labels, synonyms and ids.
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  function matches(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return cy.collection(); }
    return cy.nodes().filter(function (n) {
      return [n.data("label"), n.data("altLabel") || "", n.id()].join(" ").toLowerCase().indexOf(q) >= 0;
    });
  }
  search.addEventListener("input", function () {
    var found = matches(search.value);
    cy.elements().removeClass("faded match");
    results.innerHTML = "";
    if (!search.value.trim()) { return; }
    cy.elements().addClass("faded");
    found.removeClass("faded").addClass("match");
    found.connectedEdges().removeClass("faded");
    found.sort(function (a, b) { return a.data("label") < b.data("label") ? -1 : 1; }).forEach(function (n) {
      var button = el("button", {type: "button", "data-id": n.id(), text: n.data("label") + " — " + n.data("class")});
      button.addEventListener("click", function () { results.innerHTML = ""; select(n); });
      results.appendChild(el("li", {}, [button]));
    });
  });
  search.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var found = matches(search.value);
      if (found.length) { results.innerHTML = ""; select(found[0]); }
    }
  });
}());
