/*
 * Drafting on the map: each provision of the guided form draws its regulated place.
 *
 * Builds on static/js/map.js (window.PortalMap: the British National Grid projection and the
 * map with its offline grid, streets and the TRA's other orders). The text fields stay the
 * accessible route and the source of truth: drawing writes EWKT (SRID=27700, centimetres)
 * into the provision's Location field, and typing there redraws the map. Several shapes of
 * one kind are the parts of one MULTI geometry. The street under a drawing is proposed for
 * the place's USRN through the portal's Street Manager lookup.
 */
(function () {
  'use strict';

  var SRID = 'SRID=27700;';
  var DECIMALS = 2; // centimetres: finer than any survey of a kerb, short enough to read
  var KINDS = { Point: 'point', LineString: 'line', Polygon: 'area' };
  var MULTI = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' };
  var DRAWN = '#1d70b8';

  function field(prefix, name) {
    return document.getElementById('id_' + prefix + '-' + name);
  }

  function checkedValue(prefix, name) {
    var checked = document.querySelector('input[name="' + prefix + '-' + name + '"]:checked');
    return checked ? checked.value : '';
  }

  function arrowsAlong(geometry) {
    // One arrow at the end of each part: the direction the line applies in.
    var lines = geometry.getType() === 'MultiLineString' ? geometry.getLineStrings() : [geometry];
    return lines.map(function (line) {
      var coordinates = line.getCoordinates();
      var end = coordinates[coordinates.length - 1];
      var before = coordinates[coordinates.length - 2];
      return new ol.style.Style({
        geometry: new ol.geom.Point(end),
        image: new ol.style.RegularShape({
          points: 3,
          radius: 9,
          rotation: Math.PI / 2 - Math.atan2(end[1] - before[1], end[0] - before[0]),
          fill: new ol.style.Fill({ color: DRAWN }),
          stroke: new ol.style.Stroke({ color: '#ffffff', width: 2 })
        })
      });
    });
  }

  function drawnStyle(directed, selected) {
    var vertices = new ol.style.Style({
      image: new ol.style.Circle({
        radius: 5,
        fill: new ol.style.Fill({ color: '#ffffff' }),
        stroke: new ol.style.Stroke({ color: DRAWN, width: 2 })
      }),
      geometry: function (feature) {
        var geometry = feature.getGeometry();
        var type = geometry.getType();
        var coordinates = type === 'Polygon' ? geometry.getCoordinates()[0] : type === 'Point' ? [geometry.getCoordinates()] : geometry.getCoordinates();
        return new ol.geom.MultiPoint(coordinates);
      }
    });
    return function (feature) {
      var styles = [
        new ol.style.Style({ stroke: new ol.style.Stroke({ color: selected ? '#ffdd00' : '#ffffff', width: 9 }) }),
        new ol.style.Style({
          stroke: new ol.style.Stroke({ color: DRAWN, width: 4 }),
          fill: new ol.style.Fill({ color: 'rgba(29, 112, 184, 0.2)' })
        }),
        vertices
      ];
      if (directed() && feature.getGeometry().getType() === 'LineString') {
        styles = styles.concat(arrowsAlong(feature.getGeometry()));
      }
      return styles;
    };
  }

  // The drawing's parts as one geometry: one part as itself, several as a MULTI type.
  function combined(features) {
    if (!features.length) {
      return null;
    }
    var geometries = features.map(function (feature) { return feature.getGeometry(); });
    if (geometries.length === 1) {
      return geometries[0];
    }
    var type = geometries[0].getType();
    var parts = geometries.map(function (geometry) { return geometry.getCoordinates(); });
    return new ol.geom[MULTI[type]](parts);
  }

  function asEwkt(geometry) {
    var text = new ol.format.WKT().writeGeometry(geometry, { decimals: DECIMALS });
    return SRID + text;
  }

  // The Location field's text as parts to draw, or null when it cannot be read (yet).
  function readLocation(text, kind) {
    text = (text || '').trim();
    if (!text) {
      return [];
    }
    if (kind && kind !== 'wkt') {
      var pairs = text.replace(/;/g, '\n').split('\n').filter(function (line) { return line.trim(); }).map(function (line) {
        var numbers = line.split(/[\s,]+/).filter(Boolean).map(Number);
        return numbers.length === 2 && numbers.every(isFinite) ? numbers : null;
      });
      if (!pairs.length || pairs.indexOf(null) !== -1) {
        return null;
      }
      if (kind === 'point') {
        return pairs.length === 1 ? [new ol.geom.Point(pairs[0])] : null;
      }
      if (kind === 'polygon') {
        return pairs.length >= 3 ? [new ol.geom.Polygon([pairs.concat([pairs[0]])])] : null;
      }
      return pairs.length >= 2 ? [new ol.geom.LineString(pairs)] : null;
    }
    var wkt = text.replace(/^SRID=\d+;/i, '');
    var geometry;
    try {
      geometry = new ol.format.WKT().readGeometry(wkt);
    } catch (error) {
      return null;
    }
    var type = geometry.getType();
    if (type === 'MultiPoint') { return geometry.getPoints(); }
    if (type === 'MultiLineString') { return geometry.getLineStrings(); }
    if (type === 'MultiPolygon') { return geometry.getPolygons(); }
    return KINDS[type] ? [geometry] : null;
  }

  function describe(geometry, parts) {
    var type = geometry.getType().replace('Multi', '');
    var words;
    if (type === 'Point') {
      words = parts > 1 ? parts + ' points' : 'A point';
    } else if (type === 'LineString') {
      var metres = Math.round(geometry.getLength());
      words = (parts > 1 ? 'A line in ' + parts + ' parts' : 'A line') + ', ' + metres + ' m long';
    } else {
      words = (parts > 1 ? 'An area in ' + parts + ' parts' : 'An area') + ' of ' + Math.round(geometry.getArea()) + ' square metres';
    }
    return words;
  }

  // Where to ask for the street under a drawing: its middle.
  function middleOf(geometry) {
    var type = geometry.getType();
    if (type === 'Point') { return geometry.getCoordinates(); }
    if (type === 'LineString') { return geometry.getCoordinateAt(0.5); }
    if (type === 'Polygon') { return geometry.getInteriorPoint().getCoordinates(); }
    if (type === 'MultiPoint') { return geometry.getPoint(0).getCoordinates(); }
    if (type === 'MultiLineString') { return geometry.getLineString(0).getCoordinateAt(0.5); }
    return geometry.getPolygon(0).getInteriorPoint().getCoordinates();
  }

  function start(root, projection, options) {
    var prefix = root.getAttribute('data-prefix');
    var location = field(prefix, 'geometry');
    if (!location) {
      return;
    }
    var status = root.querySelector('[data-draw-status]');
    var streetPanel = root.querySelector('[data-draw-street]');
    var streetText = root.querySelector('[data-draw-street-text]');
    var useStreet = root.querySelector('[data-draw-use-street]');
    var snapBox = root.querySelector('[data-draw-snap]');
    var tools = Array.prototype.slice.call(root.querySelectorAll('[data-draw]'));
    var source = new ol.source.Vector();
    var directed = function () { return checkedValue(prefix, 'direction') === 'drawn'; };
    var layer = new ol.layer.Vector({ source: source, style: drawnStyle(directed, false) });

    root.hidden = false;
    var target = root.querySelector('.portal-map__view');
    var map = window.PortalMap.newMap(target, projection, options, [layer]);
    var proposed = null;

    function say(text) {
      status.textContent = text;
    }

    function showParts(parts) {
      source.clear();
      source.addFeatures(parts.map(function (geometry) { return new ol.Feature(geometry); }));
    }

    function fit() {
      if (source.getFeatures().length) {
        map.getView().fit(source.getExtent(), { padding: [40, 40, 40, 40], maxZoom: 12 });
      } else {
        map.getView().fit(options.areaExtent || window.PortalMap.GB_EXTENT, { padding: [10, 10, 10, 10] });
      }
    }

    function proposeStreet(geometry) {
      var url = root.getAttribute('data-streets-near-url');
      if (!url || !geometry) {
        return;
      }
      var point = middleOf(geometry);
      var query = '?easting=' + Math.round(point[0]) + '&northing=' + Math.round(point[1]);
      fetch(url + query, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var street = (answer.streets || [])[0];
          streetPanel.hidden = false;
          proposed = street || null;
          useStreet.hidden = !street;
          if (!street) {
            streetText.textContent = answer.message || 'No street found within 25 m of the drawing.';
            return;
          }
          var usrn = field(prefix, 'usrn');
          var given = usrn && String(usrn.value).trim() === String(street.usrn);
          streetText.textContent = 'The street here is ' + street.name + ' (USRN ' + street.usrn + ')' +
            (street.metres !== null ? ', ' + street.metres + ' m from the middle of the drawing.' : '.') +
            (given ? ' It is already given for this place.' : '');
          useStreet.hidden = given;
          useStreet.textContent = 'Use ' + street.name + ' for this place';
        })
        .catch(function () {
          streetPanel.hidden = false;
          useStreet.hidden = true;
          streetText.textContent = 'The street lookup did not answer. Type the USRN if you know it.';
        });
    }

    // The drawing into the Location field, as WKT.
    function write() {
      var features = source.getFeatures();
      var geometry = combined(features);
      location.value = geometry ? asEwkt(geometry) : '';
      var wktChoice = document.querySelector('input[name="' + prefix + '-geometry_input"][value="wkt"]');
      if (wktChoice && !wktChoice.checked) {
        wktChoice.checked = true;
        wktChoice.dispatchEvent(new Event('change', { bubbles: true }));
      }
      location.dispatchEvent(new Event('change', { bubbles: true }));
      if (!geometry) {
        say('The drawing is cleared, and so is the Location field.');
        streetPanel.hidden = true;
        return;
      }
      say(describe(geometry, features.length) + '. Its WKT is in the Location field.');
      proposeStreet(geometry);
    }

    // The Location field onto the map, as the officer types.
    function read(moveTo) {
      var parts = readLocation(location.value, checkedValue(prefix, 'geometry_input') || 'wkt');
      if (parts === null) {
        say('The map shows the last location it could read from the Location field.');
        return;
      }
      showParts(parts);
      if (moveTo) {
        fit();
      }
    }

    var draw = null;
    // A plain click selects at once (the default waits to rule out a double-click).
    var select = new ol.interaction.Select({
      layers: [layer], style: drawnStyle(directed, true), hitTolerance: 6, condition: ol.events.condition.click
    });
    select.on('select', function (event) {
      if (event.selected.length) {
        say('Part selected. Choose “Delete the selected part” to remove it, or drag its points to move them.');
      }
    });
    var modify = new ol.interaction.Modify({ source: source });
    var snaps = [];
    map.addInteraction(select);
    map.addInteraction(modify);
    modify.on('modifyend', write);

    // Snapping must come after the interactions it serves, so it is added again each time.
    function resnap() {
      snaps.forEach(function (snap) { map.removeInteraction(snap); });
      snaps = [new ol.interaction.Snap({ source: source })];
      if (snapBox && snapBox.checked && map.portalStreets) {
        snaps.push(new ol.interaction.Snap({ source: map.portalStreets, pixelTolerance: 14 }));
      }
      snaps.forEach(function (snap) { map.addInteraction(snap); });
    }

    function choose(tool) {
      if (draw) {
        map.removeInteraction(draw);
        draw = null;
      }
      tools.forEach(function (button) {
        button.setAttribute('aria-pressed', String(button === tool && tool.getAttribute('aria-pressed') !== 'true'));
      });
      var pressed = tools.filter(function (button) { return button.getAttribute('aria-pressed') === 'true'; })[0];
      select.setActive(!pressed);
      if (!pressed) {
        say('Drawing stopped. Select a part to delete it, or drag its points to move them.');
        resnap();
        return;
      }
      var type = pressed.getAttribute('data-draw');
      select.getFeatures().clear();
      draw = new ol.interaction.Draw({ source: source, type: type });
      draw.on('drawend', function (event) {
        // One place has one kind of shape: a new kind replaces what was drawn before.
        var others = source.getFeatures().filter(function (feature) {
          return feature.getGeometry().getType() !== type;
        });
        others.forEach(function (feature) { source.removeFeature(feature); });
        // The new part is added to the source after this event.
        setTimeout(write, 0);
      });
      map.addInteraction(draw);
      resnap();
      say({ Point: 'Click the map to place a point.', LineString: 'Click the map to add points; double-click to finish the line.', Polygon: 'Click the map to add corners; double-click to finish the area.' }[type] +
        ' Each drawing adds a part; press Escape to stop.');
    }

    tools.forEach(function (button) {
      button.addEventListener('click', function () { choose(button); });
    });
    target.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && draw) {
        draw.abortDrawing();
        choose(null);
      }
    });
    root.querySelector('[data-draw-delete]').addEventListener('click', function () {
      var chosen = select.getFeatures().getArray().slice();
      if (!chosen.length) {
        say('Select a part of the drawing first: stop drawing, then click the part.');
        return;
      }
      chosen.forEach(function (feature) { source.removeFeature(feature); });
      select.getFeatures().clear();
      write();
    });
    root.querySelector('[data-draw-clear]').addEventListener('click', function () {
      source.clear();
      write();
    });
    if (snapBox) {
      snapBox.addEventListener('change', resnap);
    }
    useStreet.addEventListener('click', function () {
      if (!proposed) {
        return;
      }
      field(prefix, 'usrn').value = proposed.usrn;
      field(prefix, 'streetName').value = proposed.name;
      var checked = field(prefix, 'street_checked');
      if (checked) {
        checked.value = '';
      }
      var description = field(prefix, 'description');
      if (description && !description.value.trim()) {
        description.value = proposed.name;
      }
      useStreet.hidden = true;
      streetText.textContent = proposed.name + ' (USRN ' + proposed.usrn + ') is now given for this place.';
    });
    var typing = null;
    location.addEventListener('input', function () {
      clearTimeout(typing);
      typing = setTimeout(function () { read(true); }, 400);
    });
    document.querySelectorAll('input[name="' + prefix + '-direction"]').forEach(function (radio) {
      radio.addEventListener('change', function () { layer.changed(); });
    });

    read(false);
    fit();
    resnap();
    root.portalDraw = { source: source, map: map };
  }

  function ready() {
    if (!window.ol || !window.proj4 || !window.PortalMap) {
      return;
    }
    var roots = document.querySelectorAll('[data-module="portal-map-draw"]');
    if (!roots.length) {
      return;
    }
    var projection = window.PortalMap.britishNationalGrid();
    var options = window.PortalMap.readJson('portal-map-options') || {};
    var begin = function (root) { start(root, projection, options); };
    if (!window.IntersectionObserver) {
      Array.prototype.forEach.call(roots, begin);
      return;
    }
    // An order of many provisions has as many maps: each starts when it is scrolled to.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          begin(entry.target);
        }
      });
    }, { rootMargin: '200px' });
    Array.prototype.forEach.call(roots, function (root) {
      root.hidden = false;
      observer.observe(root);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
