import OsmoseCLI

await OsmoseMain.run()
