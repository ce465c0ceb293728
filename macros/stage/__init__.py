"""The docs tree the engine builds, assembled from the content, engine-neutral."""
