// painkg's query page: the research queries as a gallery, a Yasqe editor (highlighting,
// syntax check, autocomplete) with painkg's prefixes predefined, results as a table with
// CURIE links, and the query in the page's address (#query=...) so that a link reproduces it.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("painkg-data").textContent);
  var PREFIXES = DATA.prefixes;  // {prefix: namespace}, painkg.namespaces.PREFIXES
  var SITE = "https://w3id.org/painkg/";
  var names = Object.keys(PREFIXES).sort();

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  // Autocomplete from local lists only: the stock completers would call prefix.cc and the
  // Linked Open Vocabularies service.
  var ours = names.map(function (p) { return p + ": <" + PREFIXES[p] + ">"; });
  Yasqe.forkAutocompleter("prefixes", {name: "painkg-prefixes", persistenceId: null,
                                       get: function () { return ours; }}, false);
  Yasqe.forkAutocompleter("property", {name: "painkg-properties", bulk: true, persistenceId: null,
                                       get: function () { return DATA.terms.properties; }}, false);
  Yasqe.forkAutocompleter("class", {name: "painkg-classes", bulk: true, persistenceId: null,
                                    get: function () { return DATA.terms.classes; }}, false);

  function shareLink(text) {
    return location.origin + location.pathname + "#query=" + encodeURIComponent(text);
  }
  function queryFromAddress() {
    var match = /(?:^#|&)query=([^&]*)/.exec(location.hash);
    if (!match) { return null; }
    try { return decodeURIComponent(match[1].replace(/\+/g, "%20")); } catch (e) { return null; }
  }
  var first = DATA.gallery[0];
  var fromAddress = queryFromAddress();
  var yasqe = new Yasqe(document.getElementById("editor"), {
    value: fromAddress !== null ? fromAddress : (first ? first.query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
    persistenceId: null, showQueryButton: false, resizeable: true, editorHeight: "22rem",
    prefixCcApi: null, consumeShareLink: null,
    autocompleters: ["painkg-prefixes", "variables", "painkg-properties", "painkg-classes"],
    createShareableLink: function (y) { return shareLink(y.getValue()); },
    extraKeys: {"Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }}
  });
  window.painkg = {yasqe: yasqe, data: DATA};

  document.getElementById("prefix-list").appendChild(el("span", {}, names.map(function (p) {
    return el("span", {}, [el("code", {title: PREFIXES[p], text: p + ":"}), document.createTextNode(" ")]);
  })));

  // The query as sent: the PREFIX declarations it lacks for painkg's prefixes it uses.
  function withPrefixes(text) {
    var declared = {};
    text.replace(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi, function (_, p) { declared[p || ""] = true; return _; });
    var body = text.replace(/#[^\n]*/g, " ").replace(/<[^>\s]*>/g, " ").replace(/"(?:[^"\\]|\\.)*"/g, " ");
    var missing = names.filter(function (p) {
      return !declared[p] && new RegExp("(^|[\\s(/^|,;{}\\[])" + p + ":").test(body);
    });
    return missing.map(function (p) { return "PREFIX " + p + ": <" + PREFIXES[p] + ">\n"; }).join("") + text;
  }

  // An IRI as a CURIE when one of painkg's prefixes covers it (longest namespace first).
  var byLength = names.slice().sort(function (a, b) { return PREFIXES[b].length - PREFIXES[a].length; });
  function curie(iri) {
    for (var i = 0; i < byLength.length; i++) {
      var ns = PREFIXES[byLength[i]];
      if (iri.indexOf(ns) === 0 && /^[\w.-]*$/.test(iri.slice(ns.length).replace(/\//g, "_"))) {
        return byLength[i] + ":" + iri.slice(ns.length);
      }
    }
    return null;
  }
  function cell(term) {
    if (!term) { return el("td"); }
    if (term.type === "uri") {
      var short = curie(term.value);
      var link = el("a", {href: term.value, title: term.value, text: short || "<" + term.value + ">"});
      if (term.value.indexOf(SITE) === 0) { link.setAttribute("class", "painkg"); }
      return el("td", {}, [link]);
    }
    if (term.type === "bnode") { return el("td", {text: "_:" + term.value}); }
    var extra = term["xml:lang"] ? el("span", {"class": "lang", text: " @" + term["xml:lang"]}) :
      term.datatype && !/#(string|integer)$/.test(term.datatype) ?
        el("span", {"class": "dt", text: " ^^" + (curie(term.datatype) || term.datatype)}) : null;
    return el("td", {}, [document.createTextNode(term.value), extra]);
  }

  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var share = document.getElementById("share");
  function showTable(json) {
    var vars = json.head.vars;
    var rows = json.results.bindings;
    var table = el("table", {id: "result-table"}, [
      el("thead", {}, [el("tr", {}, vars.map(function (v) { return el("th", {text: v}); }))]),
      el("tbody", {}, rows.map(function (row) {
        return el("tr", {}, vars.map(function (v) { return cell(row[v]); }));
      }))]);
    results.appendChild(table);
    return rows.length + " row" + (rows.length === 1 ? "" : "s");
  }
  function run() {
    var text = yasqe.getValue();
    share.value = shareLink(text);
    history.replaceState(null, "", "#query=" + encodeURIComponent(text));
    var type = yasqe.getQueryType();
    var graph = type === "CONSTRUCT" || type === "DESCRIBE";
    results.innerHTML = "";
    status.className = "";
    status.textContent = "Running…";
    document.body.setAttribute("data-state", "running");
    var started = Date.now();
    return fetch(DATA.endpoint, {
      method: "POST", body: new URLSearchParams({query: withPrefixes(text)}),
      headers: {"Accept": graph ? "text/turtle" : "application/sparql-results+json"}
    }).then(function (answer) {
      return answer.text().then(function (body) {
        if (!answer.ok) { throw new Error("HTTP " + answer.status + ": " + body); }
        var took = " in " + ((Date.now() - started) / 1000).toFixed(2) + " s";
        if (graph) {
          results.appendChild(el("pre", {id: "graph", text: body}));
          status.textContent = "Graph" + took;
        } else {
          var json = JSON.parse(body);
          status.textContent = ("boolean" in json ? "Answer: " + json["boolean"] : showTable(json)) + took;
        }
        document.body.setAttribute("data-state", "done");
      });
    }).catch(function (error) {
      status.className = "error";
      status.textContent = String(error.message || error);
      document.body.setAttribute("data-state", "error");
    });
  }
  document.getElementById("run").addEventListener("click", function () { run(); });
  share.addEventListener("focus", function () { share.select(); });

  // The gallery: click an example to load it and run it.
  var list = document.getElementById("examples");
  DATA.gallery.forEach(function (q) {
    var params = Object.keys(q.parameters);
    var button = el("button", {type: "button", "data-name": q.name}, [
      el("span", {"class": "summary", text: q.summary}),
      el("span", {"class": "description", text: q.description +
        (params.length ? " (Parameters: " + params.map(function (p) {
          return p + " = " + q.parameters[p]; }).join(", ") + ", bound in a VALUES block.)" : "")}),
      el("span", {"class": "tags", text: q.name + (q.tags.length ? " · " + q.tags.join(", ") : "")})]);
    button.addEventListener("click", function () {
      yasqe.setValue(q.query);
      run();
      document.getElementById("work").scrollIntoView();
    });
    list.appendChild(el("li", {}, [button]));
  });

  share.value = shareLink(yasqe.getValue());
  if (fromAddress !== null) { run(); }
  document.body.setAttribute("data-ready", "true");
}());
