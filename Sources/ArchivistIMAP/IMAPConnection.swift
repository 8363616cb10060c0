import Foundation
import ArchivistModel
import CCurl
import CShims

/// How to prove who we are to the server. The secret never leaves this value except to libcurl.
public enum IMAPCredential: Sendable {
    case password(String)
    /// An OAuth2 access token, sent with XOAUTH2 (or OAUTHBEARER when that is all the server offers).
    case bearer(String)
}

/// Why talking to an IMAP server failed, in words for the person who set the account up. Never
/// holds a secret.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The host is unknown, refuses connections or does not answer.
        case unreachable
        /// The server's certificate is not trusted, or TLS could not be set up.
        case tls
        /// The server does not offer STARTTLS, and Archivist will not go on in plain text.
        case startTLSNotOffered
        /// The server refused the login.
        case loginRefused
        /// The connection broke, or the server stopped answering, in the middle of the work.
        case connectionLost
        /// The server answered NO or BAD to a command.
        case refused
        /// The server sent something that is not IMAP.
        case protocolError
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Where a connection goes and how it is secured.
public struct IMAPEndpoint: Sendable {
    public var host: String
    public var port: Int
    public var security: MailAccount.Security
    public var verifyCertificate: Bool
    public var caFile: String?
    public var login: String
    /// Seconds to wait for the connection, and for each answer of the server.
    public var timeout: TimeInterval

    public init(host: String, port: Int, security: MailAccount.Security, verifyCertificate: Bool = true, caFile: String? = nil,
                login: String, timeout: TimeInterval = 60) {
        self.host = host
        self.port = port
        self.security = security
        self.verifyCertificate = verifyCertificate
        self.caFile = caFile
        self.login = login
        self.timeout = timeout
    }

    public init(_ account: MailAccount, timeout: TimeInterval = 60) {
        self.init(host: account.host, port: account.port, security: account.security, verifyCertificate: account.verifyCertificate,
                  caFile: account.caFile, login: account.login, timeout: timeout)
    }

    /// host:port, as people write it.
    public var address: String { "\(host):\(port)" }
}

/// libcurl's global setup, done once: curl_global_init is not safe to call from several threads.
let curlInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

/// What the server said while libcurl logged in (its greeting, capabilities and the answer to the
/// login), so a refusal can be explained with the server's own words.
private final class Transcript {
    var lines: [String] = []
}

private let recordServerLines: @convention(c) (UnsafeMutableRawPointer?, curl_infotype, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, type, data, size, user in
    // Only what the server sent: what we sent holds the credentials.
    guard type == CURLINFO_HEADER_IN, let data, let user else { return 0 }
    let transcript = Unmanaged<Transcript>.fromOpaque(user).takeUnretainedValue()
    if transcript.lines.count < 64 {
        let bytes = UnsafeRawBufferPointer(start: data, count: size)
        transcript.lines.append(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
    }
    return 0
}

/// A logged-in IMAP connection. libcurl connects, sets up TLS or STARTTLS, checks the certificate
/// and logs in; after that Archivist speaks IMAP itself over the connection, because libcurl's own
/// IMAP commands set \Seen and cannot fetch in batches (see CLIB_NOTES).
///
/// Not thread-safe: one connection belongs to one task at a time.
public final class IMAPConnection {
    public let endpoint: IMAPEndpoint
    private let handle: UnsafeMutableRawPointer
    private let socket: curl_socket_t
    private var parser = IMAPResponseParser()
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 18)
    private var nextTag = 1

    /// Connects and logs in.
    ///
    /// - Throws: ``IMAPError`` that says in plain words what went wrong: unreachable, which
    ///   certificate problem, STARTTLS not offered, login refused.
    public init(_ endpoint: IMAPEndpoint, credential: IMAPCredential) throws(IMAPError) {
        self.endpoint = endpoint
        precondition(curlInitialized, "libcurl could not be initialized")
        (handle, socket) = try Self.connect(endpoint, credential)
        if case let .bearer(token) = credential {
            try authenticate(bearer: token)
        }
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// libcurl connects, sets up TLS and logs in with a password. With a token it stops before the
    /// login (it has no user name then), because libcurl 7.88 picks OAUTHBEARER whenever the
    /// server offers it, whatever the login options say: ``authenticate(bearer:)`` does that part.
    private static func connect(_ endpoint: IMAPEndpoint, _ credential: IMAPCredential) throws(IMAPError) -> (UnsafeMutableRawPointer, curl_socket_t) {
        guard let handle = curl_easy_init() else { throw IMAPError(.unreachable, "libcurl could not make a connection handle") }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let transcript = Transcript()
        defer { errorText.deallocate() }
        var keep = false
        defer { if !keep { curl_easy_cleanup(handle) } }

        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let scheme = endpoint.security == .ssl ? "imaps" : "imap"
        ccurl_setopt_string(handle, CURLOPT_URL, "\(scheme)://\(host):\(endpoint.port)/")
        ccurl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(endpoint.timeout * 1000))
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(endpoint.timeout * 1000))
        ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        // STARTTLS or nothing: without CURLUSESSL_ALL libcurl would log in in plain text.
        ccurl_setopt_long(handle, CURLOPT_USE_SSL, endpoint.security == .starttls ? Int(CURLUSESSL_ALL.rawValue) : Int(CURLUSESSL_NONE.rawValue))
        ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, endpoint.verifyCertificate ? 1 : 0)
        ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, endpoint.verifyCertificate ? 2 : 0)
        if let ca = endpoint.caFile { ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if case let .password(password) = credential {
            ccurl_setopt_string(handle, CURLOPT_USERNAME, endpoint.login)
            ccurl_setopt_string(handle, CURLOPT_PASSWORD, password)
        }
        ccurl_setopt_long(handle, CURLOPT_VERBOSE, 1)
        ccurl_setopt_debug_callback(handle, recordServerLines)
        ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque())

        let code = withExtendedLifetime(transcript) { curl_easy_perform(handle) }
        // Clear the password from the handle as soon as the login is over.
        ccurl_setopt_pointer(handle, CURLOPT_PASSWORD, nil)
        ccurl_setopt_long(handle, CURLOPT_VERBOSE, 0)
        ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, nil)
        ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            throw Self.explain(code, detail: String(cString: errorText), serverLines: transcript.lines, endpoint: endpoint)
        }
        var socket: curl_socket_t = -1
        guard ccurl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 else {
            throw IMAPError(.connectionLost, "\(endpoint.address): the connection closed right after the login")
        }
        keep = true
        return (handle, socket)
    }

    /// A libcurl failure in the words of someone who sets up mail accounts.
    static func explain(_ code: CURLcode, detail: String, serverLines: [String], endpoint: IMAPEndpoint) -> IMAPError {
        let at = endpoint.address
        let why = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return IMAPError(.unreachable, "the server \(endpoint.host) cannot be found (no such host name)")
        case CURLE_COULDNT_CONNECT:
            return IMAPError(.unreachable, "\(at) cannot be reached: \(why)")
        case CURLE_OPERATION_TIMEDOUT:
            return IMAPError(.unreachable, "\(at) did not answer within \(Int(endpoint.timeout)) s")
        case CURLE_PEER_FAILED_VERIFICATION:
            let lower = why.lowercased()
            let problem: String
            if lower.contains("self-signed") || lower.contains("self signed") {
                problem = "its certificate is self-signed, and nothing vouches for it"
            } else if lower.contains("local issuer") || lower.contains("unknown ca") || lower.contains("issuer certificate") {
                problem = "its certificate is signed by an authority this machine does not trust"
            } else if lower.contains("expired") {
                problem = "its certificate has expired"
            } else if lower.contains("not yet valid") {
                problem = "its certificate is not valid yet"
            } else if lower.contains("subject name") || lower.contains("does not match") || lower.contains("host name") {
                problem = "its certificate is for another host name than \(endpoint.host)"
            } else {
                problem = "its certificate cannot be verified"
            }
            return IMAPError(.tls, "\(at): \(problem) (\(why)); give the authority with --ca-file, or --verify-cert no if you trust this network")
        case CURLE_SSL_CACERT_BADFILE:
            return IMAPError(.tls, "\(at): the CA file \(endpoint.caFile ?? "") cannot be used: \(why)")
        case CURLE_SSL_CONNECT_ERROR:
            let hint = endpoint.security == .ssl ? "; if the port expects STARTTLS, use --security starttls" : ""
            return IMAPError(.tls, "\(at): TLS could not be set up: \(why)\(hint)")
        case CURLE_USE_SSL_FAILED:
            return IMAPError(.startTLSNotOffered, "\(at) does not offer STARTTLS, and Archivist will not log in without encryption; use --security ssl (port 993) if the server has it")
        case CURLE_LOGIN_DENIED:
            let said = serverLines.last { line in
                let parts = line.split(separator: " ", maxSplits: 2)
                return parts.count == 3 && parts[0] != "*" && (parts[1] == "NO" || parts[1] == "BAD")
            }.map { line in String(line.split(separator: " ", maxSplits: 2)[2]) }
            return IMAPError(.loginRefused, "\(at) refused the login for \(endpoint.login)" + (said.map { ": \($0)" } ?? ""))
        case CURLE_WEIRD_SERVER_REPLY, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            let hint = endpoint.security != .ssl ? "; if the port expects TLS from the start, use --security ssl" : ""
            return IMAPError(.protocolError, "\(at) does not answer as an IMAP server: \(why)\(hint)")
        default:
            return IMAPError(.unreachable, "\(at): \(why)")
        }
    }

    /// Logs in with an OAuth2 access token: XOAUTH2, or OAUTHBEARER (RFC 7628) when that is all
    /// the server offers.
    private func authenticate(bearer token: String) throws(IMAPError) {
        let capabilities = try capabilities()
        let mechanism: String
        let response: String
        if capabilities.contains("AUTH=XOAUTH2") {
            mechanism = "XOAUTH2"
            response = "user=\(endpoint.login)\u{01}auth=Bearer \(token)\u{01}\u{01}"
        } else if capabilities.contains("AUTH=OAUTHBEARER") {
            mechanism = "OAUTHBEARER"
            let login = endpoint.login.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
            response = "n,a=\(login),\u{01}host=\(endpoint.host)\u{01}port=\(endpoint.port)\u{01}auth=Bearer \(token)\u{01}\u{01}"
        } else {
            throw IMAPError(.loginRefused, "\(endpoint.address) does not offer OAuth2 logins (neither XOAUTH2 nor OAUTHBEARER); use --auth password")
        }
        let encoded = Data(response.utf8).base64EncodedString()
        let tag: String
        if capabilities.contains("SASL-IR") {
            tag = try send("AUTHENTICATE \(mechanism) \(encoded)")
        } else {
            tag = try send("AUTHENTICATE \(mechanism)")
            guard case .continuation = try self.response() else {
                throw IMAPError(.protocolError, "\(endpoint.address) did not ask for the \(mechanism) response")
            }
            try write(Array("\(encoded)\r\n".utf8))
        }
        while true {
            switch try self.response() {
            case .continuation:
                // The server explains a refusal in a challenge; an empty answer ends the exchange.
                try write(Array("\r\n".utf8))
            case let .tagged(t, status, text) where t == tag:
                guard status == "OK" else { throw IMAPError(.loginRefused, "\(endpoint.address) refused the login for \(endpoint.login): \(text)") }
                return
            default:
                continue
            }
        }
    }

    // MARK: Speaking IMAP

    /// Sends a command with a new tag and returns the tag; the answers are read with ``response()``.
    @discardableResult
    public func send(_ command: String) throws(IMAPError) -> String {
        let tag = "A\(nextTag)"
        nextTag += 1
        try write(Array("\(tag) \(command)\r\n".utf8))
        return tag
    }

    /// Runs a command and returns its untagged answers; NO or BAD throws with the server's words.
    public func run(_ command: String) throws(IMAPError) -> [IMAPResponse] {
        let tag = try send(command)
        var untagged: [IMAPResponse] = []
        while true {
            let response = try response()
            if case let .tagged(t, status, text) = response, t == tag {
                guard status == "OK" else { throw IMAPError(.refused, "\(endpoint.address) answered \(status) to \(command.split(separator: " ").first ?? ""): \(text)") }
                return untagged
            }
            untagged.append(response)
        }
    }

    /// The next response from the server, waiting for it as long as the timeout allows.
    public func response() throws(IMAPError) -> IMAPResponse {
        while true {
            do {
                if let response = try parser.next() {
                    if case let .untagged(values) = response, values.first?.text?.uppercased() == "BYE" {
                        let text = values.dropFirst().compactMap(\.text).joined(separator: " ")
                        throw IMAPError(.connectionLost, "\(endpoint.address) closed the connection: \(text)")
                    }
                    return response
                }
            } catch let error as IMAPProtocolError {
                throw IMAPError(.protocolError, "\(endpoint.address): \(error)")
            } catch let error as IMAPError {
                throw error
            } catch {
                throw IMAPError(.protocolError, "\(endpoint.address): \(error)")
            }
            try fill()
        }
    }

    /// Reads whatever the server has sent, waiting for at least one byte.
    private func fill() throws(IMAPError) {
        while true {
            var received = 0
            let code = readBuffer.withUnsafeMutableBytes { curl_easy_recv(handle, $0.baseAddress, $0.count, &received) }
            if code == CURLE_OK {
                guard received > 0 else { throw IMAPError(.connectionLost, "\(endpoint.address) closed the connection") }
                parser.feed(readBuffer[0..<received])
                return
            }
            guard code == CURLE_AGAIN else {
                throw IMAPError(.connectionLost, "\(endpoint.address): the connection broke: \(String(cString: curl_easy_strerror(code)))")
            }
            try wait(for: Int16(POLLIN))
        }
    }

    private func write(_ bytes: [UInt8]) throws(IMAPError) {
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes.withUnsafeBytes { curl_easy_send(handle, $0.baseAddress! + offset, bytes.count - offset, &sent) }
            if code == CURLE_OK {
                offset += sent
                continue
            }
            guard code == CURLE_AGAIN else {
                throw IMAPError(.connectionLost, "\(endpoint.address): the connection broke: \(String(cString: curl_easy_strerror(code)))")
            }
            try wait(for: Int16(POLLOUT))
        }
    }

    private func wait(for events: Int16) throws(IMAPError) {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let ready = poll(&descriptor, 1, Int32(endpoint.timeout * 1000))
            if ready > 0 { return }
            if ready == 0 { throw IMAPError(.connectionLost, "\(endpoint.address) stopped answering for \(Int(endpoint.timeout)) s") }
            if errno != EINTR { throw IMAPError(.connectionLost, "\(endpoint.address): waiting for the server failed: \(String(cString: strerror(errno)))") }
        }
    }
}
