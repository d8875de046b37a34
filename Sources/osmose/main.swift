import OsmoseCLI

OsmoseMain.run()
