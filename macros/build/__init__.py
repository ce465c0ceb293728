"""One build of the site, whatever the engine: options, preparing the content, finishing
the built site. The engine's glue calls these; nothing here imports an engine."""
