export {
  buildCatalogPack,
  catalogPackFor,
  isCurrentAt,
  type BuiltCatalogPack,
  type CatalogPack,
  type CatalogPackContent,
  type CatalogPackInput,
  type CatalogPackSources,
  type PackPriceBook,
  type PackProduct,
  type PackPromotion,
  type PackTier,
} from './catalog-pack';
