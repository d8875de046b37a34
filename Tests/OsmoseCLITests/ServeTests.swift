import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("osmose serve")
struct ServeTests {
    /// A socket listening on 127.0.0.1 on a port the system picks: the port, and the socket to close.
    static func listening() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        try #require(bound)
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("A port already in use is said in one sentence naming the address and the port, with a non-zero exit, and never “serving at”")
    func busyPort() throws {
        let box = try Sandbox()
        try #require(box.run("init", "--title", "Film").ok)
        let (fd, port) = try Self.listening()
        defer { close(fd) }
        let run = try box.run("serve", "--port", "\(port)", "--quiet")
        #expect(!run.ok)
        #expect(!run.stdout.contains("serving"), "\(run.stdout)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.first?.contains("cannot serve at 127.0.0.1 port \(port): the port is already in use") == true, "\(run.stderr)")
    }
}
