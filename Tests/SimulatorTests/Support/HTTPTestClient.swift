import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP through Foundation's URLSession: another independent path to the simulator.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

enum HTTPTestClient {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    static func get(_ port: Int, _ pathAndQuery: String) async throws -> HTTPResult {
        try await send(URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!))
    }

    static func post(_ port: Int, _ path: String, body: String) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        return try await send(request)
    }

    private static func send(_ request: URLRequest) async throws -> HTTPResult {
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return HTTPResult(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }
}
