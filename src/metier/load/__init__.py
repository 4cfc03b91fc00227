"""Reading the workspace's YAML files, keeping where every value came from."""
