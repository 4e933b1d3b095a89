// AWS pricing, loaded in one piece (one dynamic import, one chunk) when a run wants AWS's prices.
export { loadAwsPrices } from "./aws-prices.js";
export { itemsForCatalogue, itemsForStack, type PriceFilterModel, type RegionInfo } from "./aws-items.js";
