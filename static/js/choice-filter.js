/*
 * A filter box for long lists (the guided form's regulation types): typing narrows the
 * list's options to those whose words, code or group match. Progressive enhancement: without
 * JavaScript the grouped list works as it is. Options are taken out of the list rather than
 * hidden, as some browsers show hidden options; the chosen one always stays, and a live
 * region says how many match.
 */
(function () {
  'use strict';

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function snapshot(select) {
    // [{group: <optgroup clone> | null, options: [{node, text}]}], in the list's order.
    var parts = [];
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === 'OPTGROUP') {
        var options = Array.prototype.map.call(child.children, function (option) {
          return { node: option, text: (option.text + ' ' + option.value + ' ' + child.label).toLowerCase() };
        });
        parts.push({ group: child.cloneNode(false), options: options });
      } else {
        parts.push({ group: null, options: [{ node: child, text: (child.text + ' ' + child.value).toLowerCase() }] });
      }
    });
    return parts;
  }

  function apply(select, parts, query, status, noun) {
    var wanted = words(query);
    var chosen = select.value;
    var count = 0;
    select.textContent = '';
    parts.forEach(function (part) {
      var kept = part.options.filter(function (option) {
        var blank = option.node.value === '';
        var matches = wanted.every(function (word) { return option.text.indexOf(word) !== -1; });
        if (matches && !blank) { count += 1; }
        return blank || matches || option.node.value === chosen;
      });
      if (!kept.length) { return; }
      var parent = select;
      if (part.group) {
        parent = part.group;
        parent.textContent = '';
        select.appendChild(parent);
      }
      kept.forEach(function (option) { parent.appendChild(option.node); });
    });
    select.value = chosen;
    status.textContent = wanted.length
      ? (count === 1 ? '1 ' + noun.replace(/s$/, '') + ' matches' : count + ' ' + noun + ' match')
      : '';
  }

  function enhance(select) {
    var noun = select.getAttribute('data-choice-filter') || 'options';
    var id = select.id + '-filter';
    var group = document.createElement('div');
    group.className = 'govuk-form-group govuk-!-margin-bottom-2';
    group.innerHTML =
      '<label class="govuk-label" for="' + id + '"></label>' +
      '<div class="govuk-hint" id="' + id + '-hint"></div>' +
      '<input class="govuk-input govuk-input--width-20" type="search" autocomplete="off" spellcheck="false" id="' + id + '" aria-describedby="' + id + '-hint ' + id + '-status">' +
      '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0" id="' + id + '-status" aria-live="polite"></p>';
    group.querySelector('label').textContent = 'Filter the ' + noun;
    group.querySelector('.govuk-hint').textContent =
      'Type part of a name or code, such as "no waiting" or "kerbsideNoWaiting". The list below keeps only what matches.';
    // Before the list's own label, so that label stays next to its list.
    var anchor = select.closest('.govuk-form-group') || select;
    anchor.parentNode.insertBefore(group, anchor);
    var input = group.querySelector('input');
    var status = group.querySelector('[aria-live]');
    var parts = snapshot(select);
    input.addEventListener('input', function () { apply(select, parts, input.value, status, noun); });
    input.addEventListener('keydown', function (event) {
      // Enter would submit the whole form: move to the list instead.
      if (event.key === 'Enter') {
        event.preventDefault();
        select.focus();
      }
    });
  }

  document.querySelectorAll('select[data-choice-filter]').forEach(enhance);
})();
