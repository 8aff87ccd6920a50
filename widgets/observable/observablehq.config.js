// An Observable Framework site with one page: the huntkit timeline view.
export default {
  title: "huntkit",
  root: "src",
  pager: false,
  toc: false,
  search: false,
  // No web fonts: the page must work with no network.
  globalStylesheets: [],
  footer: "",
};
