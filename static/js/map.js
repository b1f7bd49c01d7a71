/*
 * A read-only map of an order's regulated places in British National Grid (EPSG:27700).
 *
 * Plain script on the `ol` (OpenLayers) and `proj4` globals, no build step. The page passes
 * its data with Django's json_script (the CSP allows no inline script): the places as GeoJSON
 * in EPSG:27700 ("portal-map-features") and the basemap ("portal-map-options"). Without a
 * tile URL the map works offline on a 1 km grid. An amendment's page also passes what is
 * published now ("portal-map-before"), drawn muted and dashed under the change. The search's
 * area map ([data-module="portal-map-area"]) draws no places: a dragged box fills the field
 * marked data-map-area with WKT, or the four fields marked data-map-box. Each kind of
 * regulation has its own colour AND its own line dash and marker shape, so they are told
 * apart without colour too. With `streetsUrl` and `ordersUrl` in the options, every map
 * also draws the streets (when zoomed in) and, muted, the TRA's other orders, both read
 * from the portal in fixed tiles of the grid so each answer is cached.
 */
(function () {
  'use strict';

  var BNG =
    '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
    '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
  var GB_EXTENT = [0, 0, 700000, 1300000];
  // OS's 27700 tile grid (the OS Maps API ZXY), also used for any other 27700 XYZ source.
  var OS_RESOLUTIONS = [896, 448, 224, 112, 56, 28, 14, 7, 3.5, 1.75, 0.875, 0.4375, 0.21875, 0.109375];
  var OS_ORIGIN = [-238375, 1376256];
  // Beyond this many metres a pixel, 1 km lines would be a grey blur: draw every 10 km.
  var KILOMETRE_GRID_MAX_RESOLUTION = 40;
  // Streets are read in 500 m tiles (one cached answer each) and drawn from 2 m a pixel in.
  var STREET_TILE_METRES = 500;
  var STREETS_MAX_RESOLUTION = 2;
  // The TRA's other orders: bigger tiles, as they are sparser, drawn from 7 m a pixel in.
  var ORDER_TILE_METRES = 5000;
  var ORDERS_MAX_RESOLUTION = 7.5;

  // Kept in step with the legend's swatches in static/css/map.css.
  var CATEGORIES = {
    closure: { colour: '#d4351c', dash: null, marker: 'square' },
    diversion: { colour: '#6f3c97', dash: [12, 8], marker: 'triangle' },
    waiting: { colour: '#1d70b8', dash: [2, 7], marker: 'circle' },
    speed: { colour: '#00703c', dash: [14, 6, 2, 6], marker: 'star' },
    other: { colour: '#0b0c0c', dash: [24, 6], marker: 'cross' }
  };

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function marker(kind, fill, stroke, scale) {
    var size = 7 * scale;
    if (kind === 'circle') {
      return new ol.style.Circle({ radius: size - 1, fill: fill, stroke: stroke });
    }
    var shapes = {
      square: { points: 4, radius: size, angle: Math.PI / 4 },
      triangle: { points: 3, radius: size + 1 },
      star: { points: 5, radius: size + 1, radius2: (size + 1) / 2 },
      cross: { points: 4, radius: size + 1, radius2: 0 }
    };
    var options = shapes[kind];
    options.fill = kind === 'cross' ? undefined : fill;
    options.stroke = kind === 'cross' ? new ol.style.Stroke({ color: stroke.getColor(), width: 3 }) : stroke;
    return new ol.style.RegularShape(options);
  }

  function styleFor(category, selected) {
    var look = CATEGORIES[category] || CATEGORIES.other;
    var width = selected ? 6 : 4;
    var line = new ol.style.Stroke({ color: look.colour, width: width, lineDash: look.dash, lineCap: look.dash ? 'butt' : 'round' });
    var halo = new ol.style.Stroke({ color: selected ? '#ffdd00' : 'rgba(255, 255, 255, 0.9)', width: width + 4 });
    var fill = new ol.style.Fill({ color: look.colour + '33' });
    var pointFill = new ol.style.Fill({ color: look.colour });
    var pointStroke = new ol.style.Stroke({ color: selected ? '#ffdd00' : '#ffffff', width: 2 });
    var image = marker(look.marker, pointFill, pointStroke, selected ? 1.4 : 1);
    return [new ol.style.Style({ stroke: halo }), new ol.style.Style({ stroke: line, fill: fill, image: image })];
  }

  function cachedStyles() {
    var cache = {};
    return function (selected) {
      return function (feature) {
        var key = feature.get('category') + (selected ? ':selected' : '');
        if (!cache[key]) {
          cache[key] = styleFor(feature.get('category'), selected);
        }
        return cache[key];
      };
    };
  }

  function gridLines(extent, resolution) {
    var step = resolution > KILOMETRE_GRID_MAX_RESOLUTION ? 10000 : 1000;
    var minX = Math.max(GB_EXTENT[0], Math.floor(extent[0] / step) * step);
    var maxX = Math.min(GB_EXTENT[2], Math.ceil(extent[2] / step) * step);
    var minY = Math.max(GB_EXTENT[1], Math.floor(extent[1] / step) * step);
    var maxY = Math.min(GB_EXTENT[3], Math.ceil(extent[3] / step) * step);
    var features = [];
    var x;
    var y;
    for (x = minX; x <= maxX; x += step) {
      features.push(new ol.Feature(new ol.geom.LineString([[x, minY], [x, maxY]])));
    }
    for (y = minY; y <= maxY; y += step) {
      features.push(new ol.Feature(new ol.geom.LineString([[minX, y], [maxX, y]])));
    }
    return features;
  }

  function basemap(options, projection) {
    if (!options || !options.tileUrl) {
      return null;
    }
    return new ol.layer.Tile({
      source: new ol.source.XYZ({
        url: options.tileUrl,
        projection: projection,
        attributions: options.attribution || undefined,
        tileGrid: new ol.tilegrid.TileGrid({ resolutions: OS_RESOLUTIONS, origin: OS_ORIGIN, tileSize: 256 })
      })
    });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className;
    made.textContent = text || '';
    return made;
  }

  // The side panel (aria-live): the selected shape's place and provision, or, for another
  // of the TRA's orders, which order it is and a link to its page.
  function describe(panel, feature) {
    panel.textContent = '';
    if (!feature) {
      panel.appendChild(element('p', 'govuk-body-s', 'Select a shape to see its provision.'));
      return;
    }
    var url = feature.get('url');
    var rows = url ? [
      ['Another order', feature.get('troName') || feature.get('reference')],
      ['Place', feature.get('place')],
      ['Regulation', feature.get('regulation')]
    ] : [
      ['Place', feature.get('place')],
      ['Provision', feature.get('reference')],
      ['Regulation', feature.get('regulation')]
    ];
    var list = element('dl', 'govuk-summary-list govuk-summary-list--no-border portal-map__provision');
    rows.forEach(function (pair) {
      var row = element('div', 'govuk-summary-list__row');
      row.appendChild(element('dt', 'govuk-summary-list__key', pair[0]));
      row.appendChild(element('dd', 'govuk-summary-list__value', pair[1]));
      list.appendChild(row);
    });
    panel.appendChild(list);
    if (url) {
      var link = element('a', 'govuk-link', 'Open ' + feature.get('reference'));
      link.href = url;
      panel.appendChild(element('p', 'govuk-body-s')).appendChild(link);
    }
  }

  function britishNationalGrid() {
    proj4.defs('EPSG:27700', BNG);
    ol.proj.proj4.register(proj4);
    var projection = ol.proj.get('EPSG:27700');
    projection.setExtent(GB_EXTENT);
    return projection;
  }

  function readCollection(id, projection) {
    var collection = readJson(id);
    if (!collection || !collection.features || !collection.features.length) {
      return null;
    }
    return new ol.format.GeoJSON().readFeatures(collection, {
      dataProjection: projection,
      featureProjection: projection
    });
  }

  function withQuery(url, name, value) {
    return url + (url.indexOf('?') < 0 ? '?' : '&') + name + '=' + encodeURIComponent(value);
  }

  // A vector source read from `url` one fixed tile of the grid at a time (`?bbox=` in whole
  // metres), so each answer can be cached by the portal. Features keep their GeoJSON id, so
  // one crossing several tiles is added once. A failed tile is left empty: the map goes on.
  function tiledSource(url, projection, metres) {
    var format = new ol.format.GeoJSON();
    var grid = new ol.tilegrid.TileGrid({ extent: GB_EXTENT, origin: [0, 0], resolutions: [1], tileSize: metres });
    var source = new ol.source.Vector({
      strategy: ol.loadingstrategy.tile(grid),
      loader: function (extent, resolution, proj, success, failure) {
        fetch(withQuery(url, 'bbox', extent.map(Math.round).join(',')), {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' }
        }).then(function (response) {
          return response.ok ? response.json() : Promise.reject(new Error(response.statusText));
        }).then(function (collection) {
          var features = format.readFeatures(collection, { dataProjection: projection, featureProjection: projection });
          source.addFeatures(features);
          if (collection.problem) {
            source.set('problem', collection.problem);
          }
          success(features);
        }).catch(function () {
          failure();
        });
      }
    });
    return source;
  }

  // Grey road casings with the street's name along it; names give way where they collide.
  var STREET_CASING = new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#8e9294', width: 9 }), zIndex: 0 });
  var STREET_FILL = new ol.style.Stroke({ color: '#ffffff', width: 6 });
  function streetStyle(feature) {
    return [
      STREET_CASING,
      new ol.style.Style({
        stroke: STREET_FILL,
        zIndex: 1,
        text: new ol.style.Text({
          text: feature.get('name') || '',
          placement: 'line',
          font: '12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
          fill: new ol.style.Fill({ color: '#0b0c0c' }),
          stroke: new ol.style.Stroke({ color: '#ffffff', width: 3 })
        })
      })
    ];
  }

  function streetsLayer(options, projection) {
    if (!options || !options.streetsUrl) {
      return null;
    }
    return new ol.layer.Vector({
      source: tiledSource(options.streetsUrl, projection, STREET_TILE_METRES),
      style: streetStyle,
      maxResolution: STREETS_MAX_RESOLUTION,
      declutter: true
    });
  }

  // The TRA's other orders: thin, half-transparent, in their regulation's colour and dash.
  function mutedStyles() {
    var cache = {};
    return function (feature) {
      var category = feature.get('category');
      if (!cache[category]) {
        var look = CATEGORIES[category] || CATEGORIES.other;
        cache[category] = new ol.style.Style({
          stroke: new ol.style.Stroke({ color: look.colour, width: 2, lineDash: look.dash }),
          fill: new ol.style.Fill({ color: look.colour + '1a' }),
          image: new ol.style.Circle({ radius: 4, fill: new ol.style.Fill({ color: look.colour }) })
        });
      }
      return cache[category];
    };
  }

  function ordersLayer(options, projection) {
    if (!options || !options.ordersUrl) {
      return null;
    }
    return new ol.layer.Vector({
      source: tiledSource(options.ordersUrl, projection, ORDER_TILE_METRES),
      style: mutedStyles(),
      opacity: 0.5,
      maxResolution: ORDERS_MAX_RESOLUTION
    });
  }

  // A map on the basemap, or offline on the grid, with the streets and the TRA's other
  // orders when the options say where to read them; `layers` are drawn on top in order.
  function newMap(target, projection, options, layers) {
    var grid = new ol.source.Vector();
    var tiles = basemap(options, projection);
    var context = tiles || new ol.layer.Vector({
      source: grid,
      style: new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#b1b4b6', width: 1 }) })
    });
    var streets = streetsLayer(options, projection);
    var orders = ordersLayer(options, projection);
    var map = new ol.Map({
      target: target,
      layers: [context].concat(streets ? [streets] : [], orders ? [orders] : [], layers),
      // The basemap's attribution is a licence condition: always shown, never folded away.
      controls: [new ol.control.Zoom(), new ol.control.Attribution({ collapsible: false })],
      view: new ol.View({
        projection: projection,
        extent: GB_EXTENT,
        constrainOnlyCenter: true,
        resolutions: OS_RESOLUTIONS.concat([0.0546875])
      })
    });
    if (!tiles) {
      var drawGrid = function () {
        var view = map.getView();
        grid.clear(true);
        grid.addFeatures(gridLines(view.calculateExtent(map.getSize()), view.getResolution()));
      };
      map.on('moveend', drawGrid);
      // The first view may be set before the map has its size, when no moveend follows.
      map.once('rendercomplete', drawGrid);
    }
    // Reachable from the page's other scripts and the browser tests (pixels of a place).
    target.portalMap = map;
    // The drafting map snaps to the streets; a selection may pick another order's shape.
    map.portalStreets = streets ? streets.getSource() : null;
    map.portalOrders = orders;
    return map;
  }

  // What the service has now, under an amendment: muted and dashed, whatever its regulation.
  var BEFORE_STYLE = [
    new ol.style.Style({ stroke: new ol.style.Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 7 }) }),
    new ol.style.Style({
      stroke: new ol.style.Stroke({ color: '#6f777b', width: 3, lineDash: [6, 6], lineCap: 'butt' }),
      fill: new ol.style.Fill({ color: 'rgba(111, 119, 123, 0.15)' }),
      image: new ol.style.Circle({
        radius: 5,
        fill: new ol.style.Fill({ color: '#ffffff' }),
        stroke: new ol.style.Stroke({ color: '#6f777b', width: 2, lineDash: [3, 2] })
      })
    })
  ];

  function start(root) {
    var projection = britishNationalGrid();
    var features = readCollection('portal-map-features', projection);
    // A comparison may have places only before (a version that removed them all).
    var before = readCollection('portal-map-before', projection);
    if (!features && !before) {
      return;
    }
    var options = readJson('portal-map-options') || {};
    var styles = cachedStyles();
    var places = new ol.source.Vector({ features: features || [] });
    var layers = [];
    if (before) {
      layers.push(new ol.layer.Vector({ source: new ol.source.Vector({ features: before }), style: BEFORE_STYLE }));
    }
    // The places stay the top layer: selecting, and the tests, look there.
    var placesLayer = new ol.layer.Vector({ source: places, style: styles(false) });
    layers.push(placesLayer);

    root.hidden = false;
    var fallback = document.querySelector('[data-map-fallback]');
    if (fallback) {
      fallback.hidden = true;
    }
    var target = root.querySelector('.portal-map__view');
    var map = newMap(target, projection, options, layers);
    var extent = features ? places.getExtent() : ol.extent.createEmpty();
    if (before) {
      extent = ol.extent.extend(extent.slice(), layers[0].getSource().getExtent());
    }
    map.getView().fit(extent, { padding: [40, 40, 40, 40], minResolution: 0.4375 });

    var panel = root.querySelector('.portal-map__selected');
    var selectable = map.portalOrders ? [placesLayer, map.portalOrders] : [placesLayer];
    var select = new ol.interaction.Select({ style: styles(true), hitTolerance: 6, layers: selectable });
    select.on('select', function (event) {
      describe(panel, event.selected[0] || null);
    });
    map.addInteraction(select);
    showButtons(map, places, select, panel);
  }

  // The keyboard's way to select: each row of the places' table has a button that selects
  // its shape (the features' `id` is the row's index), zooms to it and describes it.
  function showButtons(map, places, select, panel) {
    var byIndex = {};
    places.getFeatures().forEach(function (feature) {
      byIndex[feature.get('id')] = feature;
    });
    document.querySelectorAll('[data-map-show]').forEach(function (button) {
      var feature = byIndex[button.getAttribute('data-map-show')];
      if (!feature) {
        return;
      }
      button.hidden = false;
      button.addEventListener('click', function () {
        select.getFeatures().clear();
        select.getFeatures().push(feature);
        describe(panel, feature);
        map.getView().fit(feature.getGeometry().getExtent(), {
          padding: [60, 60, 60, 60],
          minResolution: 0.4375,
          duration: 250
        });
        map.getTargetElement().scrollIntoView({ block: 'nearest' });
      });
    });
  }

  // A box as WKT in whole metres, corners in the order the search's examples give them.
  function boxAsWkt(extent) {
    var x1 = Math.round(extent[0]);
    var y1 = Math.round(extent[1]);
    var x2 = Math.round(extent[2]);
    var y2 = Math.round(extent[3]);
    return 'POLYGON((' + [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]].map(function (p) {
      return p[0] + ' ' + p[1];
    }).join(', ') + '))';
  }

  function fill(field, value) {
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // The search's area: the officer drags a box, which fills the area field (WKT), or the
  // four fields of a box (data-map-box="min-x", "min-y", "max-x", "max-y", whole metres).
  // The fields stay the accessible route and may still be typed in; the map does not
  // follow what is typed.
  function startArea(root) {
    var field = document.querySelector('[data-map-area]');
    var corners = ['min-x', 'min-y', 'max-x', 'max-y'].map(function (name) {
      return document.querySelector('[data-map-box="' + name + '"]');
    });
    var boxFields = corners.every(Boolean) ? corners : null;
    if (!field && !boxFields) {
      return;
    }
    var projection = britishNationalGrid();
    var options = readJson('portal-map-options') || {};
    var drawn = new ol.source.Vector();
    var box = new ol.layer.Vector({
      source: drawn,
      style: new ol.style.Style({
        stroke: new ol.style.Stroke({ color: '#1d70b8', width: 3 }),
        fill: new ol.style.Fill({ color: 'rgba(29, 112, 184, 0.15)' })
      })
    });
    root.hidden = false;
    var target = root.querySelector('.portal-map__view');
    var map = newMap(target, projection, options, [box]);
    // The TRA's home area; a map in a closed details element has no size yet: fit once it has.
    var fitHome = function () {
      map.getView().fit(options.areaExtent || GB_EXTENT, { padding: [10, 10, 10, 10] });
    };
    if (ol.size.hasArea(map.getSize() || [0, 0])) { fitHome(); } else { map.once('change:size', fitHome); }
    var draw = new ol.interaction.Draw({
      source: drawn,
      type: 'Circle',
      geometryFunction: ol.interaction.Draw.createBox()
    });
    draw.on('drawstart', function () {
      drawn.clear();
    });
    var choose = function (extent) {
      if (field) {
        fill(field, boxAsWkt(extent));
      }
      if (boxFields) {
        boxFields.forEach(function (input, index) {
          fill(input, String(Math.round(extent[index])));
        });
      }
    };
    draw.on('drawend', function (event) {
      choose(event.feature.getGeometry().getExtent());
    });
    // A mouse press, drag and release draws the box too (before Draw, which lets it see the
    // press); touch keeps dragging to pan, and taps the two corners.
    var drag = new ol.interaction.DragBox({
      condition: function (event) {
        return ol.events.condition.mouseOnly(event) && ol.events.condition.primaryAction(event);
      }
    });
    drag.on('boxend', function () {
      var geometry = drag.getGeometry();
      drawn.clear();
      drawn.addFeature(new ol.Feature(geometry));
      choose(geometry.getExtent());
    });
    map.addInteraction(drag);
    map.addInteraction(draw);
  }

  // What the drafting map (static/js/map-draw.js) builds on: one projection, one map shape.
  window.PortalMap = {
    GB_EXTENT: GB_EXTENT,
    britishNationalGrid: britishNationalGrid,
    newMap: newMap,
    readJson: readJson
  };

  function ready() {
    if (!window.ol || !window.proj4) {
      return;
    }
    var root = document.querySelector('[data-module="portal-map"]');
    if (root) {
      start(root);
    }
    var area = document.querySelector('[data-module="portal-map-area"]');
    if (area) {
      startArea(area);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
