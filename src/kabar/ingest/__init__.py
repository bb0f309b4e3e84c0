"""Shell: readers that turn files, streams and URLs into raw documents or recorded rejections."""
