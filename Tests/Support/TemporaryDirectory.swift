import Foundation

/// A directory of its own for one test, removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "archivist-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func file(_ name: String) -> String { path + "/" + name }
}

/// The root of the package, found from this file's location.
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A small message with the given subject and body, unique by `serial`.
public func sampleMessage(serial: Int, subject: String = "Dostawa cementu", body: String = "Proszę o potwierdzenie.",
                          from: String = "Paweł Nowak <pawel@spostex.pl>") -> [UInt8] {
    Array("""
        From: \(from)\r
        To: biuro@budowex.pl\r
        Subject: \(subject) \(serial)\r
        Date: Tue, 03 Dec 2024 09:15:00 +0100\r
        Message-ID: <\(serial).sample@spostex.pl>\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        \(body) Numer \(serial).\r

        """.utf8)
}

/// Writes `count` sample messages into a new Maildir at `path`.
public func makeMaildir(at path: String, count: Int, offset: Int = 0) throws {
    for sub in ["cur", "new", "tmp"] {
        try FileManager.default.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true)
    }
    for i in 0..<count {
        let serial = offset + i
        let name = "\(1_700_000_000 + serial).M\(serial)P1.host" + (serial % 2 == 0 ? ":2,S" : "")
        let folder = serial % 2 == 0 ? "cur" : "new"
        try Data(sampleMessage(serial: serial)).write(to: URL(fileURLWithPath: "\(path)/\(folder)/\(name)"))
    }
}

/// Runs a program and returns its exit status, standard output and standard error.
@discardableResult
public func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe(), err = Pipe(), inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
