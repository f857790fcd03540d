import NIOHTTP1

/// The simulator's own endpoints: stats, truth and fault control. They carry no request
/// weight and are never hit by injected REST faults, so a test can always reach them.
extension RESTRouter {
    func simulator(method: HTTPMethod, path: String, query: [String: String], body: String) -> HTTPReply {
        switch (method, path) {
        case (.GET, "/sim/stats"):
            var stats = core.stats.snapshot
            stats.simulatedNow = core.clock.now()
            return .json(.ok, stats.json)
        case (.GET, "/sim/truth/klines"):
            return klines(query, truth: true)
        case (.POST, "/sim/control"):
            switch FaultControl.parse(body) {
            case .success(let controls):
                for control in controls {
                    core.applyPersistent(control)
                    engine.perform(control)
                }
                return .json(.ok, "{\"ok\":true,\"applied\":\(controls.count)}")
            case .failure(let error):
                return .json(.badRequest, "{\"ok\":false,\"error\":\(JSONText.quoted(error.message))}")
            }
        default:
            return .notFound
        }
    }
}
