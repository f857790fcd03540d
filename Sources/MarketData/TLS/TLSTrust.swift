import Foundation
import NIOSSL

/// The certificate authorities a connection trusts: the system's, plus any from a private CA
/// bundle (a company proxy, a self-hosted relay). Certificates are always verified, host name
/// included; a bundle only adds authorities, it never turns a check off.
public struct TLSTrust: Sendable {
    /// Extra authorities, trusted on top of the system's.
    public let authorities: [NIOSSLCertificate]
    /// Where they came from (the bundle's path), for messages.
    public let source: String?

    /// The system's authorities only.
    public static let system = TLSTrust(authorities: [], source: nil)

    init(authorities: [NIOSSLCertificate], source: String?) {
        self.authorities = authorities
        self.source = source
    }

    /// Reads a PEM bundle of one or more CA certificates. A missing, unreadable or invalid file
    /// is one sentence naming the file.
    public static func caFile(_ path: String) throws(TLSTrustError) -> TLSTrust {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TLSTrustError(path: path, reason: .missing)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw TLSTrustError(path: path, reason: .unreadable)
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw TLSTrustError(path: path, reason: .notPEM)
        }
        return TLSTrust(authorities: certificates, source: path)
    }

    /// A client configuration with full verification (chain and host name) against these authorities.
    public var clientConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !authorities.isEmpty {
            configuration.additionalTrustRoots = [.certificates(authorities)]
        }
        return configuration
    }
}

/// A CA bundle that cannot be used, as one sentence.
public struct TLSTrustError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case missing, unreadable, notPEM

        /// What is wrong with the file: "does not exist".
        public var phrase: String {
            switch self {
            case .missing: return "does not exist"
            case .unreadable: return "cannot be read"
            case .notPEM: return "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
            }
        }
    }

    public let path: String
    public let reason: Reason

    public var description: String { "The CA bundle \(path) \(reason.phrase)." }
}

/// What was wrong with a server's certificate, in words a user can act on.
public enum CertificateProblem: Sendable, Hashable {
    /// No trusted authority vouches for it (BoringSSL's CERTIFICATE_VERIFY_FAILED).
    case untrusted
    /// It is valid but for another host name.
    case wrongHost
    /// Anything else about the certificate.
    case rejected

    /// "the server's certificate is not trusted (…)".
    public var phrase: String {
        switch self {
        case .untrusted:
            return "the server's certificate is not trusted (self-signed, expired, or from an authority "
                + "this machine does not trust; a private authority can be trusted with tls_ca_file)"
        case .wrongHost:
            return "the server's certificate is for another host name"
        case .rejected:
            return "the server's TLS certificate was not accepted"
        }
    }

    /// The certificate problem behind a TLS error, or nil when the error is not about the certificate.
    public static func classify(_ error: any Error) -> CertificateProblem? {
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname { return .wrongHost }
            return "\(extra)".lowercased().contains("certificate") ? .rejected : nil
        }
        if let ssl = error as? NIOSSLError {
            switch ssl {
            case .unableToValidateCertificate, .noCertificateToValidate: return .rejected
            case .handshakeFailed(let inner): return classify(inner)
            default: return "\(ssl)".lowercased().contains("certificate") ? .rejected : nil
            }
        }
        if error is BoringSSLError {
            let text = "\(error)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return .untrusted }
            return text.lowercased().contains("certificate") ? .rejected : nil
        }
        return nil
    }
}
