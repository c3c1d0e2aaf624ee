// The link graph: draws the element carrying data-graph-url with Cytoscape.js
// (vendored in /static/vendor/cytoscape; no inline script, the CSP allows only
// files from this origin). Tapping a node opens its page. Labels are criminals'
// text: Cytoscape draws them on a canvas, never as HTML. When the graph is drawn
// the container reports data-graph-state="drawn" and data-graph-nodes.
(function () {
  "use strict";
  var KINDS = {
    campaign: { colour: "#b3261e", shape: "hexagon", size: 34 },
    account: { colour: "#f0b35b", shape: "ellipse", size: 22 },
    indicator: { colour: "#2e7d4f", shape: "diamond", size: 24 },
    post: { colour: "#6f9fd8", shape: "round-rectangle", size: 16 }
  };
  var STYLE = [
    {
      selector: "node",
      style: {
        "label": "data(label)",
        "font-size": 9,
        "color": "#1b1f24",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": "140px",
        "border-width": 1,
        "border-color": "#ffffff"
      }
    },
    {
      selector: "edge",
      style: { "width": 1, "line-color": "#b8c0c8", "curve-style": "straight" }
    },
    {
      selector: "edge[relation = 'near_duplicate_text'], edge[relation = 'same_author_text']",
      style: { "line-style": "dashed", "line-color": "#6f9fd8" }
    },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#0b5cad" } }
  ];
  Object.keys(KINDS).forEach(function (kind) {
    var k = KINDS[kind];
    STYLE.push({
      selector: "node[kind = '" + kind + "']",
      style: { "background-color": k.colour, "shape": k.shape, "width": k.size, "height": k.size }
    });
  });
  // After the kinds, so that it wins: values too common to link anything.
  STYLE.push({
    selector: "node[?hub]",
    style: { "background-color": "#c4c4c4", "opacity": 0.6, "color": "#6b6b6b" }
  });

  function sameOriginPath(href) {
    return typeof href === "string" && href.charAt(0) === "/" &&
      href.charAt(1) !== "/" && href.charAt(1) !== "\\";
  }

  function failed(container, message) {
    container.setAttribute("data-graph-state", "error");
    container.textContent = "グラフを表示できませんでした（" + message + "）。一覧のリンクを使ってください。";
  }

  function draw(container, elements) {
    var cy = null;
    function finished() {
      cy.fit(undefined, 20);
      container.setAttribute("data-graph-nodes", String(cy.nodes().length));
      container.setAttribute("data-graph-edges", String(cy.edges().length));
      container.setAttribute("data-graph-state", "drawn");
    }
    // The layout runs before the first frame is drawn (so no edge is ever drawn
    // between nodes still piled at the origin); "stop" may come before the
    // constructor returns, hence the timeout.
    var layout = elements.nodes.length > 400
      ? { name: "concentric", animate: false, padding: 20, minNodeSpacing: 4 }
      : { name: "cose", animate: false, padding: 20, nodeDimensionsIncludeLabels: true };
    layout.stop = function () { window.setTimeout(finished, 0); };
    cy = window.cytoscape({
      container: container,
      elements: elements,
      style: STYLE,
      layout: layout,
      minZoom: 0.1,
      maxZoom: 4
    });
    cy.on("tap", "node", function (ev) {
      var href = ev.target.data("href");
      if (sameOriginPath(href)) window.location.assign(href);
    });
    cy.on("mouseover", "node", function (ev) {
      container.style.cursor = ev.target.data("href") ? "pointer" : "default";
    });
    cy.on("mouseout", "node", function () { container.style.cursor = "default"; });
    window.cy = cy;
  }

  function load(container) {
    if (typeof window.cytoscape !== "function") {
      failed(container, "描画ライブラリを読み込めません");
      return;
    }
    container.setAttribute("data-graph-state", "loading");
    fetch(container.getAttribute("data-graph-url"), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (elements) { draw(container, elements); })
      .catch(function (err) { failed(container, String(err && err.message || err)); });
  }

  var containers = document.querySelectorAll("[data-graph-url]");
  for (var i = 0; i < containers.length; i++) load(containers[i]);
})();
