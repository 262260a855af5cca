// Netlify build plugin of Strom: a deploy starts from a fresh clone, so the
// image derivatives (STROM_IMAGE_CACHE), the search index (STROM_SEARCH_CACHE)
// and Pelican's content cache (CACHE_PATH) are brought back from Netlify's
// cache before the build and put there after it. Without them every deploy
// encodes every image and indexes every page again.

const DEFAULT_PATHS = [".cache/strom-images", ".cache/strom-texts", ".cache/strom-search", "cache"];

function folders(inputs) {
  return Array.isArray(inputs?.paths) && inputs.paths.length ? inputs.paths : DEFAULT_PATHS;
}

export const onPreBuild = async ({ inputs, utils }) => {
  for (const path of folders(inputs)) {
    const restored = await utils.cache.restore(path);
    console.log(`strom-cache: ${path}: ${restored ? "restored" : "not in Netlify's cache yet"}`);
  }
};

export const onPostBuild = async ({ inputs, utils }) => {
  for (const path of folders(inputs)) {
    const saved = await utils.cache.save(path);
    console.log(`strom-cache: ${path}: ${saved ? "saved" : "not saved (no such folder)"}`);
  }
};
