// swift-tools-version:6.0
import PackageDescription

/// A system library target for one of Debian's -dev packages, found through pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Archivist",
    products: [
        .executable(name: "archivist", targets: ["archivist"]),
    ],
    targets: [
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("CPCRE2", pkgConfig: "libpcre2-8", apt: "libpcre2-dev"),
        systemLibrary("CGMime", pkgConfig: "gmime-3.0", apt: "libgmime-3.0-dev"),
        systemLibrary("CXML2", pkgConfig: "libxml-2.0", apt: "libxml2-dev"),
        systemLibrary("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        systemLibrary("CCrypto", pkgConfig: "libcrypto", apt: "libssl-dev"),
        .target(name: "CShims", dependencies: ["CSQLite", "CCurl", "CPCRE2", "CGMime", "CXML2"]),

        .target(name: "ArchivistModel"),
        .target(name: "ArchivistMail", dependencies: ["ArchivistModel", "CGMime", "CXML2", "CShims"]),
        .target(name: "ArchivistStore", dependencies: ["ArchivistMail", "ArchivistModel", "CCrypto", "CSQLite", "CSodium", "CShims"]),
        .target(name: "ArchivistIMAP", dependencies: ["ArchivistModel", "CCurl", "CShims"]),
        .target(name: "ArchivistMatching", dependencies: ["ArchivistMail", "ArchivistModel", "CPCRE2", "CShims"]),
        .target(name: "ArchivistCore", dependencies: ["ArchivistIMAP", "ArchivistMail", "ArchivistModel", "ArchivistStore", "ArchivistMatching"]),
        .executableTarget(name: "archivist", dependencies: ["ArchivistCore", "ArchivistMail", "ArchivistMatching", "ArchivistModel", "ArchivistStore"]),

        .executableTarget(name: "archivist-bench-archive", dependencies: ["ArchivistCore", "ArchivistModel", "ArchivistStore"],
                          path: "Benchmarks/ArchiveBench"),
        .executableTarget(name: "archivist-bench-names", dependencies: ["ArchivistMatching", "ArchivistModel"],
                          path: "Benchmarks/NamesBench"),
        .executableTarget(name: "archivist-bench-rules", dependencies: ["ArchivistCore", "ArchivistMail", "ArchivistMatching", "ArchivistModel"],
                          path: "Benchmarks/RulesBench"),

        .target(name: "ArchivistTestSupport", path: "Tests/Support"),
        .testTarget(name: "ArchivistModelTests", dependencies: ["ArchivistModel"]),
        .testTarget(name: "ArchivistIMAPTests", dependencies: ["ArchivistIMAP"]),
        .testTarget(name: "ArchivistMatchingTests", dependencies: ["ArchivistMatching", "ArchivistMail", "ArchivistModel"]),
        .testTarget(name: "ArchivistMailTests", dependencies: ["ArchivistMail", "ArchivistTestSupport"]),
        .testTarget(name: "ArchivistStoreTests", dependencies: ["ArchivistStore", "ArchivistTestSupport"]),
        .testTarget(name: "ArchivistCoreTests", dependencies: ["ArchivistCore", "ArchivistMail", "ArchivistMatching", "ArchivistStore", "ArchivistTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
