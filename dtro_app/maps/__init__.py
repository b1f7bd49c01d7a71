"""Maps of orders: places as GeoJSON, what a map starts on and draws around an order (the
TRA's streets and other orders), and the JSON the maps read. Used by every page with a map,
so it depends on the models only, never on the pages' own packages."""
