import Foundation
import CCurl
import CShims

/// A fresh access token from an OAuth2 token endpoint.
public struct OAuth2Token: Sendable {
    public var accessToken: String
    public var expiresAt: Date
    /// A new refresh token, when the endpoint rotates them.
    public var refreshToken: String?
}

private final class ResponseBody {
    var bytes: [UInt8] = []
}

private let collectBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
    guard let data, let user else { return 0 }
    let body = Unmanaged<ResponseBody>.fromOpaque(user).takeUnretainedValue()
    guard body.bytes.count < 1 << 20 else { return 0 }
    body.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

/// Asks an OAuth2 token endpoint for an access token with a refresh token (RFC 6749 section 6):
/// one HTTP POST through libcurl.
public enum OAuth2 {
    public static func refresh(tokenURL: String, clientID: String, clientSecret: String?, refreshToken: String, scope: String?,
                               timeout: TimeInterval = 30, now: Date = Date()) throws(IMAPError) -> OAuth2Token {
        precondition(curlInitialized, "libcurl could not be initialized")
        guard let handle = curl_easy_init() else { throw IMAPError(.unreachable, "libcurl could not make a connection handle") }
        defer { curl_easy_cleanup(handle) }
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientID)]
        if let clientSecret, !clientSecret.isEmpty { fields.append(("client_secret", clientSecret)) }
        if let scope, !scope.isEmpty { fields.append(("scope", scope)) }
        let form = fields.map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&")
        let body = ResponseBody()
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorText.deallocate() }

        ccurl_setopt_string(handle, CURLOPT_URL, tokenURL)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "https,http")
        ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, form)
        ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        ccurl_setopt_write_callback(handle, collectBody)
        ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque())
        let code = withExtendedLifetime(body) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let why = errorText.pointee == 0 ? String(cString: curl_easy_strerror(code)) : String(cString: errorText)
            throw IMAPError(.unreachable, "the OAuth2 token endpoint \(tokenURL) cannot be reached: \(why)")
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let json = (try? JSONSerialization.jsonObject(with: Data(body.bytes))) as? [String: Any] ?? [:]
        guard status == 200, let accessToken = json["access_token"] as? String, !accessToken.isEmpty else {
            let reason = [json["error"] as? String, json["error_description"] as? String].compactMap { $0 }.joined(separator: ": ")
            throw IMAPError(.loginRefused, "the OAuth2 token endpoint \(tokenURL) refused to refresh the access token (HTTP \(status)"
                + (reason.isEmpty ? ")" : ", \(reason))") + "; the refresh token may have expired or been revoked: set a new one with 'archivist accounts edit NAME --refresh-token-file F'")
        }
        let lifetime = (json["expires_in"] as? NSNumber)?.doubleValue ?? Double(json["expires_in"] as? String ?? "") ?? 3600
        return OAuth2Token(accessToken: accessToken, expiresAt: now.addingTimeInterval(lifetime), refreshToken: json["refresh_token"] as? String)
    }

    /// application/x-www-form-urlencoded.
    static func formEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
