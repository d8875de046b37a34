// Tests for the pure-Swift xxHash implementation (XXH64, XXH3-64, XXH128).
// Expected values come from the xxHash specification / reference
// implementation (python-xxhash 4.1.0, libxxhash 0.8.x).

import Foundation
import Testing
@testable import OsmoseFormats

// MARK: - Helpers

/// Deterministic test input: byte i is the top byte of the (i+1)-th state of
/// the 64-bit LCG s = s * 6364136223846793005 + 1442695040888963407, starting
/// from s = 0x0123456789ABCDEF. Python equivalent used to generate the vectors:
///
///     s = seed; out = bytearray(n)
///     for i in range(n):
///         s = (s * 6364136223846793005 + 1442695040888963407) % 2**64
///         out[i] = s >> 56
private func lcgBytes(_ count: Int, seed: UInt64 = 0x0123_4567_89AB_CDEF) -> [UInt8] {
    var s = seed
    var out = [UInt8](repeating: 0, count: count)
    out.withUnsafeMutableBufferPointer { buf in
        for i in 0..<count {
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            buf[i] = UInt8(truncatingIfNeeded: s >> 56)
        }
    }
    return out
}

/// SplitMix64, used to pick reproducible split points.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

private struct Digests: Equatable, CustomStringConvertible {
    var xxh64: UInt64
    var xxh3: UInt64
    var xxh128High: UInt64
    var xxh128Low: UInt64
    var description: String {
        "xxh64=\(XXHashHex.hex(xxh64)) xxh3=\(XXHashHex.hex(xxh3)) xxh128=\(XXHashHex.hex((xxh128High, xxh128Low)))"
    }
}

private func oneShot(_ bytes: [UInt8], seed: UInt64) -> Digests {
    bytes.withUnsafeBytes { raw in
        let h128 = XXH128.hash(raw, seed: seed)
        return Digests(
            xxh64: XXH64.hash(raw, seed: seed), xxh3: XXH3_64.hash(raw, seed: seed),
            xxh128High: h128.high, xxh128Low: h128.low)
    }
}

/// Hashes `bytes` by streaming, cutting the input at the given chunk lengths
/// (cycled until the input is used up).
private func streamed(_ bytes: [UInt8], seed: UInt64, chunks: (inout SplitMix64) -> Int, rng: UInt64) -> Digests {
    var a = XXH64(seed: seed)
    var b = XXH3_64(seed: seed)
    var c = XXH128(seed: seed)
    var r = SplitMix64(state: rng)
    bytes.withUnsafeBytes { raw in
        var off = 0
        while off < raw.count {
            let n = min(raw.count - off, max(0, chunks(&r)))
            let piece = UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)])
            a.update(piece)
            b.update(piece)
            c.update(piece)
            off += n
        }
    }
    let h128 = c.digest()
    return Digests(xxh64: a.digest(), xxh3: b.digest(), xxh128High: h128.high, xxh128Low: h128.low)
}

// MARK: - Known vectors

struct XXHashVector: Sendable, CustomTestStringConvertible {
    var length: Int
    var seed: UInt64
    var xxh64: UInt64
    var xxh3: UInt64
    var xxh128High: UInt64
    var xxh128Low: UInt64
    var testDescription: String { "len=\(length) seed=0x\(String(seed, radix: 16))" }
}

enum XXHashVectors {
    /// The LCG input's first `length` bytes hashed by python-xxhash 4.1.0.
    static let lcgVectors: [XXHashVector] = [
        XXHashVector(length: 0, seed: 0x0000000000000000, xxh64: 0xEF46DB3751D8E999, xxh3: 0x2D06800538D394C2, xxh128High: 0x99AA06D3014798D8, xxh128Low: 0x6001C324468D497F),
        XXHashVector(length: 1, seed: 0x0000000000000000, xxh64: 0xC029548AED30B115, xxh3: 0x32CD626F54BA457E, xxh128High: 0xE3EEF7A32AD3D570, xxh128Low: 0x32CD626F54BA457E),
        XXHashVector(length: 2, seed: 0x0000000000000000, xxh64: 0xD7C0C6644A2B8635, xxh3: 0x2CCF4391DEDEB5A3, xxh128High: 0x7656AD1C5284D5C4, xxh128Low: 0x2CCF4391DEDEB5A3),
        XXHashVector(length: 3, seed: 0x0000000000000000, xxh64: 0x445F5B65C3372CA0, xxh3: 0x4B1EE21562E4323D, xxh128High: 0x7ECACEEF4197DCA1, xxh128Low: 0x4B1EE21562E4323D),
        XXHashVector(length: 4, seed: 0x0000000000000000, xxh64: 0xEA0469098327A087, xxh3: 0x9ED47E71EBDD1970, xxh128High: 0x1C64992F68F4E894, xxh128Low: 0x63D7E8E9493F2A7D),
        XXHashVector(length: 5, seed: 0x0000000000000000, xxh64: 0x947A55D24A1116F7, xxh3: 0x70D8846069D67FFF, xxh128High: 0x37DA0A079F5FFDBF, xxh128Low: 0x5C09FB20D234D7B1),
        XXHashVector(length: 6, seed: 0x0000000000000000, xxh64: 0x7D117BE06AF5F1C1, xxh3: 0x0437250546BCD75D, xxh128High: 0x54328598E5AED1B1, xxh128Low: 0xB9380730EC139BED),
        XXHashVector(length: 7, seed: 0x0000000000000000, xxh64: 0x4C90267883E57344, xxh3: 0x150140F46854B3A8, xxh128High: 0xDD29EFD11CAEF202, xxh128Low: 0x642351737286EEB4),
        XXHashVector(length: 8, seed: 0x0000000000000000, xxh64: 0x85D486D40685566E, xxh3: 0x8368B17A687AC5BE, xxh128High: 0xCE7E75B4919D08BB, xxh128Low: 0x98D7CC0A399DE05F),
        XXHashVector(length: 9, seed: 0x0000000000000000, xxh64: 0x68DD725B02ADA1AB, xxh3: 0x07FDFEFF3737644C, xxh128High: 0x2FD9FFD95AE29EE2, xxh128Low: 0xB34DAF97A7930506),
        XXHashVector(length: 12, seed: 0x0000000000000000, xxh64: 0x38E45E0F1054C8B9, xxh3: 0x652D13A3782492B7, xxh128High: 0x1DBFD53891A19219, xxh128Low: 0x4FE01A3B0C35A5D7),
        XXHashVector(length: 15, seed: 0x0000000000000000, xxh64: 0x4F731AD19D92DDD9, xxh3: 0x25B74146C9255649, xxh128High: 0xF60AF90B78E9291D, xxh128Low: 0xE9F8E3DD5A2A78B7),
        XXHashVector(length: 16, seed: 0x0000000000000000, xxh64: 0x1AB7A5BE656E82DA, xxh3: 0xE4CD981221579C6F, xxh128High: 0xC57356E55D59BA83, xxh128Low: 0xEE25B925971C758C),
        XXHashVector(length: 17, seed: 0x0000000000000000, xxh64: 0x73C9749E621D02E5, xxh3: 0xDF4916F527F90F58, xxh128High: 0x57C77549C942B5B5, xxh128Low: 0xD474EAD3D8E2C174),
        XXHashVector(length: 31, seed: 0x0000000000000000, xxh64: 0xB55399997D9BE289, xxh3: 0x9BB9DA0C02EBA259, xxh128High: 0xCBF608FF34172C91, xxh128Low: 0x3BF100CECA06DD8F),
        XXHashVector(length: 32, seed: 0x0000000000000000, xxh64: 0xDE6E5CBF0C498E3E, xxh3: 0xBFEACF2D9C5E74DB, xxh128High: 0x99D6F8DCF9B33A9B, xxh128Low: 0x0D6230412C92CE93),
        XXHashVector(length: 33, seed: 0x0000000000000000, xxh64: 0xEB699708DB50F408, xxh3: 0x08106D1E20687494, xxh128High: 0x155248DBB3BA6741, xxh128Low: 0xB75297099145BC03),
        XXHashVector(length: 48, seed: 0x0000000000000000, xxh64: 0x98561992FA31488C, xxh3: 0xD243031D6847439A, xxh128High: 0xC06A35D6F84A6F5B, xxh128Low: 0xF314452D733399D6),
        XXHashVector(length: 63, seed: 0x0000000000000000, xxh64: 0x10761F6AD63DA9D9, xxh3: 0x7663A5FB8C95EEC0, xxh128High: 0x3DC3380F180A80C5, xxh128Low: 0xE7018069EE3DF5CB),
        XXHashVector(length: 64, seed: 0x0000000000000000, xxh64: 0x5A81D8E3BDAF0866, xxh3: 0x7AE35ADE472A64D5, xxh128High: 0x6CD238BD09FD965C, xxh128Low: 0xADFBB2ED99675C6E),
        XXHashVector(length: 65, seed: 0x0000000000000000, xxh64: 0x81F9919494FE9BC4, xxh3: 0x4BE824E7BB5A7E89, xxh128High: 0x184AE039A1E544FB, xxh128Low: 0x9297B13093BCF9A0),
        XXHashVector(length: 96, seed: 0x0000000000000000, xxh64: 0x84591D075C27D8EC, xxh3: 0xA4F68175B3095ADC, xxh128High: 0xA64BEB068108D976, xxh128Low: 0xE2B0AC2EEEC3FF22),
        XXHashVector(length: 97, seed: 0x0000000000000000, xxh64: 0xD704C3F515C7F679, xxh3: 0x2E37FC42173AF97F, xxh128High: 0x9F49CF82A624E984, xxh128Low: 0x1B6080419228A603),
        XXHashVector(length: 127, seed: 0x0000000000000000, xxh64: 0x3ED1AC6CEBC15617, xxh3: 0xACEBC693F6FB6E5B, xxh128High: 0xB5971FC1044F7CC9, xxh128Low: 0x8EBEB03BC8B30525),
        XXHashVector(length: 128, seed: 0x0000000000000000, xxh64: 0xF34DF7ECEFE9C18A, xxh3: 0xE1C450EE5FBE2AC5, xxh128High: 0xAF783B27FDDD5905, xxh128Low: 0x1F605730A5327AFF),
        XXHashVector(length: 129, seed: 0x0000000000000000, xxh64: 0x9B109F62DFAFFC28, xxh3: 0xC9C2C4D9E2A6EBC8, xxh128High: 0x0CD99D2ED2C64C69, xxh128Low: 0xBD1771EF1F238993),
        XXHashVector(length: 160, seed: 0x0000000000000000, xxh64: 0x40067C78AA6027B0, xxh3: 0x64B42B25DC4DF9A9, xxh128High: 0x3B7016BD2D4E1D2A, xxh128Low: 0x0CEDA854936F1F91),
        XXHashVector(length: 191, seed: 0x0000000000000000, xxh64: 0x26A6CCF5961EBB62, xxh3: 0xD705878B27E5DFEC, xxh128High: 0x768ADD2619319392, xxh128Low: 0x1907645F0409A7A1),
        XXHashVector(length: 192, seed: 0x0000000000000000, xxh64: 0x82786EE907348F58, xxh3: 0x65C47B57A1F65EA2, xxh128High: 0x7E2FFF4D4FB53AF9, xxh128Low: 0xF406D72A4A04193C),
        XXHashVector(length: 200, seed: 0x0000000000000000, xxh64: 0x5E99DCD3D322F024, xxh3: 0xAE9B8EB27C6959D2, xxh128High: 0x050D508273AE34CA, xxh128Low: 0x35C962E76CB4CCED),
        XXHashVector(length: 239, seed: 0x0000000000000000, xxh64: 0x6D71DF0C353085B1, xxh3: 0xF2B4DD9E8CCD4B4F, xxh128High: 0x5F8E3A30D1A5AC88, xxh128Low: 0x2925FD530862F068),
        XXHashVector(length: 240, seed: 0x0000000000000000, xxh64: 0x7A6149AA8C251CFF, xxh3: 0x790C5975718712BB, xxh128High: 0x3E72CA4E6A6ACC92, xxh128Low: 0xC94AE87D66C58E20),
        XXHashVector(length: 241, seed: 0x0000000000000000, xxh64: 0x726DB77D44841919, xxh3: 0x8C73E5677B5BBF3D, xxh128High: 0xDD678BB9C64AA272, xxh128Low: 0x8C73E5677B5BBF3D),
        XXHashVector(length: 255, seed: 0x0000000000000000, xxh64: 0xC755E38C55AEB95B, xxh3: 0x92222A12C161BEFD, xxh128High: 0xFA01BC06330BA090, xxh128Low: 0x92222A12C161BEFD),
        XXHashVector(length: 256, seed: 0x0000000000000000, xxh64: 0x66B3302DF340405E, xxh3: 0x085A65011E5EFE88, xxh128High: 0x30C0BA7056448C71, xxh128Low: 0x085A65011E5EFE88),
        XXHashVector(length: 257, seed: 0x0000000000000000, xxh64: 0xF0E690D50E86D6F8, xxh3: 0x164674DD23D9B2A1, xxh128High: 0xE6F32CB93A0619DC, xxh128Low: 0x164674DD23D9B2A1),
        XXHashVector(length: 511, seed: 0x0000000000000000, xxh64: 0x371FF70C6B0257D2, xxh3: 0x2BCC97D5D76F9C66, xxh128High: 0xA81FC620D6985B1C, xxh128Low: 0x2BCC97D5D76F9C66),
        XXHashVector(length: 512, seed: 0x0000000000000000, xxh64: 0x27B96D6415D25C6C, xxh3: 0x14552DBE8355361D, xxh128High: 0x177BBDA203ECCA30, xxh128Low: 0x14552DBE8355361D),
        XXHashVector(length: 1023, seed: 0x0000000000000000, xxh64: 0xEC16647F47D48040, xxh3: 0xF0AF0FFDAA17CEF0, xxh128High: 0xE03546C5D3AAB7F1, xxh128Low: 0xF0AF0FFDAA17CEF0),
        XXHashVector(length: 1024, seed: 0x0000000000000000, xxh64: 0xAF7AFBC07342444A, xxh3: 0xD1E23A588641DF5C, xxh128High: 0xF77072A062E9095D, xxh128Low: 0xD1E23A588641DF5C),
        XXHashVector(length: 1025, seed: 0x0000000000000000, xxh64: 0xE4E2CDC771289480, xxh3: 0xAD702C245B7BBCAD, xxh128High: 0x54757A64A97C4776, xxh128Low: 0xAD702C245B7BBCAD),
        XXHashVector(length: 1087, seed: 0x0000000000000000, xxh64: 0xACD336FB7A5B3E48, xxh3: 0xECC01405482477CF, xxh128High: 0xF6F5B3B2DAA17172, xxh128Low: 0xECC01405482477CF),
        XXHashVector(length: 1088, seed: 0x0000000000000000, xxh64: 0x6160660EF9C342D7, xxh3: 0x55CE8B19897926D5, xxh128High: 0x128809C61423C41B, xxh128Low: 0x55CE8B19897926D5),
        XXHashVector(length: 2047, seed: 0x0000000000000000, xxh64: 0xEDBD698E5A0E2775, xxh3: 0x9513DD1D8CD58FE9, xxh128High: 0x65E75E91CB9FA318, xxh128Low: 0x9513DD1D8CD58FE9),
        XXHashVector(length: 2048, seed: 0x0000000000000000, xxh64: 0xB23273C1A3FB66B6, xxh3: 0x8F191C89A8F6CFCD, xxh128High: 0xA8EC27EBDE43E1EB, xxh128Low: 0x8F191C89A8F6CFCD),
        XXHashVector(length: 2049, seed: 0x0000000000000000, xxh64: 0x3465CC5A04BD6187, xxh3: 0x888DBC1862E683C2, xxh128High: 0x1BE9C01C60F7063E, xxh128Low: 0x888DBC1862E683C2),
        XXHashVector(length: 4096, seed: 0x0000000000000000, xxh64: 0x4C136A5C763FB252, xxh3: 0xDE477E9D79BF8788, xxh128High: 0xF6391EE055DCAF8D, xxh128Low: 0xDE477E9D79BF8788),
        XXHashVector(length: 10000, seed: 0x0000000000000000, xxh64: 0xD78AC11F6D816B82, xxh3: 0x01B8032EF1ACBD98, xxh128High: 0xCD31D24AB51C68E3, xxh128Low: 0x01B8032EF1ACBD98),
        XXHashVector(length: 65539, seed: 0x0000000000000000, xxh64: 0x98C8BAE2888217B5, xxh3: 0x548D982F4A4F003E, xxh128High: 0x6759BA6DABF78C2D, xxh128Low: 0x548D982F4A4F003E),
        XXHashVector(length: 1048581, seed: 0x0000000000000000, xxh64: 0xCF7972FAB6DDE3B1, xxh3: 0xE91FF3FF8B0C9480, xxh128High: 0x3856F1576564FCF0, xxh128Low: 0xE91FF3FF8B0C9480),
        XXHashVector(length: 0, seed: 0x9E3779B97F4A7C15, xxh64: 0xC4349FC93C010000, xxh3: 0x602B0E2CD6662C8B, xxh128High: 0xD142977A2CCA554B, xxh128Low: 0x4CA5176998171787),
        XXHashVector(length: 1, seed: 0x9E3779B97F4A7C15, xxh64: 0x119FC9B9102DA345, xxh3: 0x133851089F0E77E3, xxh128High: 0xE19C3B2A3D100278, xxh128Low: 0x133851089F0E77E3),
        XXHashVector(length: 2, seed: 0x9E3779B97F4A7C15, xxh64: 0x7351E2B3E2785454, xxh3: 0x5F83EA5567F331EE, xxh128High: 0xEBCB39B6575D8246, xxh128Low: 0x5F83EA5567F331EE),
        XXHashVector(length: 3, seed: 0x9E3779B97F4A7C15, xxh64: 0xA7F58B201582C0B7, xxh3: 0xC6DBB2D13B1BBA99, xxh128High: 0xFCDC5C54DE38A8AC, xxh128Low: 0xC6DBB2D13B1BBA99),
        XXHashVector(length: 4, seed: 0x9E3779B97F4A7C15, xxh64: 0x00DB2D33EC1137DE, xxh3: 0xBF476CF88C13791E, xxh128High: 0x7266A1B8061B7159, xxh128Low: 0xCCA16CDB67265B6E),
        XXHashVector(length: 5, seed: 0x9E3779B97F4A7C15, xxh64: 0xBB51280F8B630764, xxh3: 0x289AD8F210467EA9, xxh128High: 0xA92AFD8461EFF6D1, xxh128Low: 0x82C65147523D0109),
        XXHashVector(length: 6, seed: 0x9E3779B97F4A7C15, xxh64: 0xA73B30756EA12C53, xxh3: 0xF760F3E942D4E8D1, xxh128High: 0x2B7CB84126169DB2, xxh128Low: 0x429DEE6A8B4624B5),
        XXHashVector(length: 7, seed: 0x9E3779B97F4A7C15, xxh64: 0xAAC8FB9F822A15CB, xxh3: 0xB2343B7B44D8C236, xxh128High: 0x642089994C387EA8, xxh128Low: 0x674A0992DE9AB8AD),
        XXHashVector(length: 8, seed: 0x9E3779B97F4A7C15, xxh64: 0xBDB4F94A817A6A32, xxh3: 0xCEDE79CD9211E5BE, xxh128High: 0x6B2D863D2A37B948, xxh128Low: 0x302A6BBD7D685493),
        XXHashVector(length: 9, seed: 0x9E3779B97F4A7C15, xxh64: 0x63C8182FB1E0BE94, xxh3: 0x62F266ED33B8659C, xxh128High: 0x9ABF55828F7B926C, xxh128Low: 0x5896E6A3DC51CB81),
        XXHashVector(length: 12, seed: 0x9E3779B97F4A7C15, xxh64: 0x2A3C4B61985FF96C, xxh3: 0xA5E9009470339141, xxh128High: 0x5621FE2FB12BD56C, xxh128Low: 0x9CFE792E1E2B46CC),
        XXHashVector(length: 15, seed: 0x9E3779B97F4A7C15, xxh64: 0x781258915E0579FB, xxh3: 0x176C1F7F5F1562B9, xxh128High: 0xEAA6324CE46A9B8D, xxh128Low: 0x5A0B52F69C7403A6),
        XXHashVector(length: 16, seed: 0x9E3779B97F4A7C15, xxh64: 0x82FFE945381E58F4, xxh3: 0xACD3688780EDE2C4, xxh128High: 0x31E548A901D5507F, xxh128Low: 0x55141EA509CA3EDE),
        XXHashVector(length: 17, seed: 0x9E3779B97F4A7C15, xxh64: 0x80ACE84ED3FE7166, xxh3: 0xEDD670BDB2F823D5, xxh128High: 0xA8B6C737F276A93A, xxh128Low: 0x52856ACC9B0063C0),
        XXHashVector(length: 31, seed: 0x9E3779B97F4A7C15, xxh64: 0x854C1EB22DD018D4, xxh3: 0x5DB0F519973201DD, xxh128High: 0xD4B133E793184759, xxh128Low: 0x0FD1533D0FA83447),
        XXHashVector(length: 32, seed: 0x9E3779B97F4A7C15, xxh64: 0xA819A8D291A6D02F, xxh3: 0x079CE3E75A13D680, xxh128High: 0x2938ACBE98188CCE, xxh128Low: 0xD5E1C6A5B93ED54C),
        XXHashVector(length: 33, seed: 0x9E3779B97F4A7C15, xxh64: 0x41941678BACEF16E, xxh3: 0xF4EC6DDCC412AF82, xxh128High: 0x8697E3A16D93F45E, xxh128Low: 0xD5A489F4ED70E96D),
        XXHashVector(length: 48, seed: 0x9E3779B97F4A7C15, xxh64: 0x9C0D45AF07833B6F, xxh3: 0x0661437E92180004, xxh128High: 0x4F5923DFD00B3634, xxh128Low: 0xBCCB69304A3ABD9B),
        XXHashVector(length: 63, seed: 0x9E3779B97F4A7C15, xxh64: 0xDB861DD0F3515B31, xxh3: 0x7BEF498CAD61AFB3, xxh128High: 0xE8707A4E5EAE1529, xxh128Low: 0x3B42E9CD04F95759),
        XXHashVector(length: 64, seed: 0x9E3779B97F4A7C15, xxh64: 0x2A2D7EA00E2C5E6F, xxh3: 0xFF3BEB8A80984667, xxh128High: 0x37C7E1262C30A5C1, xxh128Low: 0x8412BA1DDCE34C24),
        XXHashVector(length: 65, seed: 0x9E3779B97F4A7C15, xxh64: 0xD892E1C4048C4D0D, xxh3: 0x84BD170A7FE5E7D6, xxh128High: 0x985FB8D2F9806048, xxh128Low: 0xD0B8EB45A9620BE9),
        XXHashVector(length: 96, seed: 0x9E3779B97F4A7C15, xxh64: 0x8ED825EB2A6D2018, xxh3: 0x7A7834A77430E63B, xxh128High: 0xDFAD4E606AE47DA8, xxh128Low: 0x62805788E5FF5663),
        XXHashVector(length: 97, seed: 0x9E3779B97F4A7C15, xxh64: 0xB71EAD64D491ADAE, xxh3: 0xA83DE14ACE72F151, xxh128High: 0x72A5DF80D062FA77, xxh128Low: 0xBDFA4A9A8C72874B),
        XXHashVector(length: 127, seed: 0x9E3779B97F4A7C15, xxh64: 0x627C0D5E29B041CB, xxh3: 0x553076447DB15039, xxh128High: 0x1BE70739B6B16C4F, xxh128Low: 0x1C5075D21C45DDF9),
        XXHashVector(length: 128, seed: 0x9E3779B97F4A7C15, xxh64: 0x2ABD1911E42F496E, xxh3: 0xE0B1D55232CABF37, xxh128High: 0x1526CD2F820248A1, xxh128Low: 0x5F6C58BF1B7D3651),
        XXHashVector(length: 129, seed: 0x9E3779B97F4A7C15, xxh64: 0x7A02ABE63475C459, xxh3: 0x0C8D6922285100CB, xxh128High: 0x129162D60A18AB26, xxh128Low: 0xA6C9140BAC16D942),
        XXHashVector(length: 160, seed: 0x9E3779B97F4A7C15, xxh64: 0xA2242001B0EC1509, xxh3: 0x63EF113151D0240D, xxh128High: 0x32BFE2039FA835AC, xxh128Low: 0x47DE6ADA7CA002CE),
        XXHashVector(length: 191, seed: 0x9E3779B97F4A7C15, xxh64: 0xF73C94C6A51BDB70, xxh3: 0x71CF0B9C21226909, xxh128High: 0x4D0DB22B5236BFAE, xxh128Low: 0xA18CDB5585587BCC),
        XXHashVector(length: 192, seed: 0x9E3779B97F4A7C15, xxh64: 0xAB79C82EE188640B, xxh3: 0x0D92C7E2C7A08542, xxh128High: 0xD8545CB51F46B3F1, xxh128Low: 0x62607E4960F06805),
        XXHashVector(length: 200, seed: 0x9E3779B97F4A7C15, xxh64: 0x1254358665C22C39, xxh3: 0xACF8DBC90DE16810, xxh128High: 0x23B00A3EAB7EB588, xxh128Low: 0x1F213E31878637CB),
        XXHashVector(length: 239, seed: 0x9E3779B97F4A7C15, xxh64: 0xD06BE0A942F18E24, xxh3: 0xE6B324105F2DF4C1, xxh128High: 0xC44611C222CF4D81, xxh128Low: 0x8C3D639BA6926FCC),
        XXHashVector(length: 240, seed: 0x9E3779B97F4A7C15, xxh64: 0x5A14CCB0B2752B9C, xxh3: 0x0D815C80CFD3F235, xxh128High: 0x069DC81855D8DCB5, xxh128Low: 0x1725A57373916721),
        XXHashVector(length: 241, seed: 0x9E3779B97F4A7C15, xxh64: 0x6E57C04C03C0BD3F, xxh3: 0x4584B9DE57E9BF01, xxh128High: 0xE142D893515E7145, xxh128Low: 0x4584B9DE57E9BF01),
        XXHashVector(length: 255, seed: 0x9E3779B97F4A7C15, xxh64: 0xBB3D5E6F17C9BCF2, xxh3: 0x06ECB38B2AF774C9, xxh128High: 0x3F9665AE264995CE, xxh128Low: 0x06ECB38B2AF774C9),
        XXHashVector(length: 256, seed: 0x9E3779B97F4A7C15, xxh64: 0x1316297F64C9E6BC, xxh3: 0x5F24BFDE12E841CC, xxh128High: 0x8C4B1CAFD5603FED, xxh128Low: 0x5F24BFDE12E841CC),
        XXHashVector(length: 257, seed: 0x9E3779B97F4A7C15, xxh64: 0xEB8AC4F83D59E805, xxh3: 0x39E67322B6669A04, xxh128High: 0x1A61D96A5F33CF1C, xxh128Low: 0x39E67322B6669A04),
        XXHashVector(length: 511, seed: 0x9E3779B97F4A7C15, xxh64: 0x5F0D19CB7531A749, xxh3: 0x4731BDF8D22D712D, xxh128High: 0x6B5BD2A70CBAF8D1, xxh128Low: 0x4731BDF8D22D712D),
        XXHashVector(length: 512, seed: 0x9E3779B97F4A7C15, xxh64: 0x87425B2A24A37EC2, xxh3: 0x5FB72EABBE2CD628, xxh128High: 0x59BDC2AA6B34A63B, xxh128Low: 0x5FB72EABBE2CD628),
        XXHashVector(length: 1023, seed: 0x9E3779B97F4A7C15, xxh64: 0xE6D297637084B4D3, xxh3: 0x9B82846A16F96D1F, xxh128High: 0x099C95327D47716B, xxh128Low: 0x9B82846A16F96D1F),
        XXHashVector(length: 1024, seed: 0x9E3779B97F4A7C15, xxh64: 0xF8FCCE602AA0CBA1, xxh3: 0x217B6DDB7B1B84DC, xxh128High: 0x5E27147254B4C044, xxh128Low: 0x217B6DDB7B1B84DC),
        XXHashVector(length: 1025, seed: 0x9E3779B97F4A7C15, xxh64: 0x06C8985F11FA873B, xxh3: 0xEAC0871DB4E9A0A3, xxh128High: 0xE388DFAD85FC8C26, xxh128Low: 0xEAC0871DB4E9A0A3),
        XXHashVector(length: 1087, seed: 0x9E3779B97F4A7C15, xxh64: 0x343296A829D56A68, xxh3: 0x082BEB1A112B7D0A, xxh128High: 0x45C3E41787D80A8E, xxh128Low: 0x082BEB1A112B7D0A),
        XXHashVector(length: 1088, seed: 0x9E3779B97F4A7C15, xxh64: 0x6963E65C7FFF154E, xxh3: 0x5FD9DA1A19551BD0, xxh128High: 0x2360128CB1EC8EDC, xxh128Low: 0x5FD9DA1A19551BD0),
        XXHashVector(length: 2047, seed: 0x9E3779B97F4A7C15, xxh64: 0x587C4292B27DD0CF, xxh3: 0x16DB8C7337450F9F, xxh128High: 0x9676891B849D2EC3, xxh128Low: 0x16DB8C7337450F9F),
        XXHashVector(length: 2048, seed: 0x9E3779B97F4A7C15, xxh64: 0xB2D394051D605476, xxh3: 0xAD51F19C87CDC9B5, xxh128High: 0xAB1AA813F935AEC4, xxh128Low: 0xAD51F19C87CDC9B5),
        XXHashVector(length: 2049, seed: 0x9E3779B97F4A7C15, xxh64: 0xEAFBC305299A7D56, xxh3: 0xC5C18076FBAD1AC4, xxh128High: 0xEABD0217A5D6C9F6, xxh128Low: 0xC5C18076FBAD1AC4),
        XXHashVector(length: 4096, seed: 0x9E3779B97F4A7C15, xxh64: 0xB4CCA23864E384B1, xxh3: 0x1AA0CD21B625D25D, xxh128High: 0x1D9B77D284D98BCA, xxh128Low: 0x1AA0CD21B625D25D),
        XXHashVector(length: 10000, seed: 0x9E3779B97F4A7C15, xxh64: 0xEE132C1BBE763C7C, xxh3: 0x10F005447A864777, xxh128High: 0x64480F3F8957D0DB, xxh128Low: 0x10F005447A864777),
        XXHashVector(length: 65539, seed: 0x9E3779B97F4A7C15, xxh64: 0x885C9BEFC35EE8F0, xxh3: 0xD488FF7FD5B1CD8A, xxh128High: 0xA1E90CDFD23B0D07, xxh128Low: 0xD488FF7FD5B1CD8A),
        XXHashVector(length: 1048581, seed: 0x9E3779B97F4A7C15, xxh64: 0x99EE1A97686FE0ED, xxh3: 0xD2BA3868FF60C169, xxh128High: 0x6CE449E69616CF50, xxh128Low: 0xD2BA3868FF60C169),
    ]

    static let input: [UInt8] = lcgBytes(1_048_581)
}

@Suite("Specification vectors")
struct XXHashSpecVectorTests {
    @Test("Empty input, seed 0")
    func emptyInput() {
        #expect(XXH64.hash(Data()) == 0xEF46_DB37_51D8_E999)
        #expect(XXH3_64.hash(Data()) == 0x2D06_8005_38D3_94C2)
        let h = XXH128.hash(Data())
        #expect(h.high == 0x99AA_06D3_0147_98D8)
        #expect(h.low == 0x6001_C324_468D_497F)
        #expect(XXH64().digest() == 0xEF46_DB37_51D8_E999)
        #expect(XXH3_64().digest() == 0x2D06_8005_38D3_94C2)
        #expect(XXH128().digest() == (high: 0x99AA_06D3_0147_98D8, low: 0x6001_C324_468D_497F))
    }

    @Test("Empty input, nonzero seed")
    func emptySeeded() {
        let seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        #expect(XXH64.hash(Data(), seed: seed) == 0xC434_9FC9_3C01_0000)
        #expect(XXH3_64.hash(Data(), seed: seed) == 0x602B_0E2C_D666_2C8B)
        #expect(XXH128.hash(Data(), seed: seed) == (high: 0xD142_977A_2CCA_554B, low: 0x4CA5_1769_9817_1787))
    }

    @Test("Short strings")
    func strings() {
        let cases: [(String, UInt64, UInt64, UInt64, UInt64, UInt64)] = [
            ("a", 0xD24E_C4F1_A98C_6E5B, 0xE6C6_32B6_1E96_4E1F, 0xA96F_AF70_5AF1_6834, 0xE6C6_32B6_1E96_4E1F, 0xDEC2_BC81_C3CD_46C6),
            ("abc", 0x44BC_2CF5_AD77_0999, 0x78AF_5F94_892F_3950, 0x06B0_5AB6_733A_6185, 0x78AF_5F94_892F_3950, 0xBEA9_CA81_9932_8908),
            ("xxhash", 0x32DD_3895_2C4B_C720, 0xAA4C_2B42_AE6B_13DE, 0x9C8B_437C_78CA_C00A, 0x3760_72E2_4BFD_F4D2, 0x1FCA_3D53_5E1E_F348),
            ("Nobody inspects the spammish repetition",
             0xFBCE_A83C_8A37_8BF1, 0x6CB0_0603_B5CC_47E9, 0xA32C_6F55_B80B_5F44, 0x9F1A_9575_2243_1B91, 0x43F4_2544_8D95_4DB6),
        ]
        for (text, h64, h3, h128hi, h128lo, h64seed1) in cases {
            let data = Data(text.utf8)
            #expect(XXH64.hash(data) == h64, "\(text)")
            #expect(XXH64.hash(data, seed: 1) == h64seed1, "\(text)")
            #expect(XXH3_64.hash(data) == h3, "\(text)")
            #expect(XXH128.hash(data) == (high: h128hi, low: h128lo), "\(text)")
        }
    }

    @Test("LCG buffer vectors from python-xxhash", arguments: XXHashVectors.lcgVectors)
    func lcgVector(_ v: XXHashVector) {
        let bytes = Array(XXHashVectors.input[0..<v.length])
        let expected = Digests(xxh64: v.xxh64, xxh3: v.xxh3, xxh128High: v.xxh128High, xxh128Low: v.xxh128Low)
        #expect(oneShot(bytes, seed: v.seed) == expected)
        #expect(streamed(bytes, seed: v.seed, chunks: { 1 + $0.next(upTo: 97) }, rng: UInt64(v.length)) == expected)
    }

    @Test("Multi-MB input (5 MiB + 3), one-shot and streamed", arguments: [
        (UInt64(0), Digests(xxh64: 0x9115_6A26_3043_7519, xxh3: 0xDB51_1837_445F_68FA,
                            xxh128High: 0x2031_36F1_9302_EA58, xxh128Low: 0xDB51_1837_445F_68FA)),
        (UInt64(0x9E37_79B9_7F4A_7C15), Digests(xxh64: 0x513A_E4C6_EBD5_187B, xxh3: 0x6588_DAE6_E9B1_548B,
                                                 xxh128High: 0x40D8_D6E4_7478_8743, xxh128Low: 0x6588_DAE6_E9B1_548B)),
    ])
    fileprivate func multiMegabyte(_ seed: UInt64, _ expected: Digests) {
        let bytes = lcgBytes(5 * 1024 * 1024 + 3)
        #expect(oneShot(bytes, seed: seed) == expected)
        // Mix of tiny, block-sized and large updates.
        let sizes = [1, 3, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 4096, 100_003, 1 << 20]
        #expect(streamed(bytes, seed: seed, chunks: { sizes[$0.next(upTo: sizes.count)] }, rng: seed ^ 7) == expected)
        // Large random chunks (up to 1.5 MiB).
        #expect(streamed(bytes, seed: seed, chunks: { 1 + $0.next(upTo: 1_500_000) }, rng: seed ^ 8) == expected)
        // The whole input as a single update.
        #expect(streamed(bytes, seed: seed, chunks: { _ in Int.max }, rng: 0) == expected)
    }
}

@Suite("Streaming")
struct XXHashStreamingTests {
    /// Sizes around every XXH3 boundary: 0, 1..3, 4..8, 9..16, 17..128,
    /// 129..240, 241+, the 256-byte internal buffer, the 64-byte stripe and
    /// the 1024-byte block, and a few multi-block lengths.
    static let boundarySizes: [Int] = [
        0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 18, 31, 32, 33, 63, 64, 65, 95, 96, 97,
        127, 128, 129, 130, 159, 160, 161, 191, 192, 193, 238, 239, 240, 241, 242,
        255, 256, 257, 319, 320, 321, 511, 512, 513, 1023, 1024, 1025, 1087, 1088, 1089,
        2047, 2048, 2049, 3071, 3072, 3073, 4095, 4096, 4097, 16_383, 16_384, 16_385, 50_001,
    ]

    @Test("Random split points give the one-shot result", arguments: boundarySizes)
    func randomSplits(_ size: Int) {
        let bytes = lcgBytes(size, seed: UInt64(size) &* 0x1000_0001)
        for seed: UInt64 in [0, 0x9E37_79B9_7F4A_7C15, 1] {
            let expected = oneShot(bytes, seed: seed)
            for trial in 0..<4 {
                let maxChunk = [2, 17, 300, 3000][trial]
                let got = streamed(bytes, seed: seed, chunks: { $0.next(upTo: maxChunk) }, rng: UInt64(trial) &+ seed)
                #expect(got == expected, "size \(size) seed \(seed) maxChunk \(maxChunk)")
            }
        }
    }

    @Test("1-byte updates give the one-shot result")
    func singleByteUpdates() {
        let bytes = lcgBytes(2200, seed: 42)
        for seed: UInt64 in [0, 0x9E37_79B9_7F4A_7C15] {
            var a = XXH64(seed: seed), b = XXH3_64(seed: seed), c = XXH128(seed: seed)
            for (i, byte) in bytes.enumerated() {
                let len = i
                if XXHashStreamingTests.boundarySizes.contains(len) {
                    let prefix = Array(bytes[0..<len])
                    let expected = oneShot(prefix, seed: seed)
                    let h128 = c.digest()
                    let got = Digests(xxh64: a.digest(), xxh3: b.digest(), xxh128High: h128.high, xxh128Low: h128.low)
                    #expect(got == expected, "length \(len) seed \(seed)")
                }
                withUnsafeBytes(of: byte) { one in
                    a.update(one); b.update(one); c.update(one)
                }
            }
            let expected = oneShot(bytes, seed: seed)
            let h128 = c.digest()
            #expect(Digests(xxh64: a.digest(), xxh3: b.digest(), xxh128High: h128.high, xxh128Low: h128.low) == expected)
        }
    }

    @Test("digest() does not consume the state")
    func digestIsNonConsuming() {
        let bytes = lcgBytes(10_000, seed: 9)
        let cuts = [0, 5, 16, 100, 240, 241, 256, 257, 700, 1024, 1025, 4000, 10_000]
        for seed: UInt64 in [0, 77] {
            var a = XXH64(seed: seed), b = XXH3_64(seed: seed), c = XXH128(seed: seed)
            var done = 0
            bytes.withUnsafeBytes { raw in
                for cut in cuts {
                    let piece = UnsafeRawBufferPointer(rebasing: raw[done..<cut])
                    a.update(piece); b.update(piece); c.update(piece)
                    done = cut
                    let expected = oneShot(Array(bytes[0..<cut]), seed: seed)
                    for _ in 0..<2 {  // digesting twice must give the same value
                        #expect(a.digest() == expected.xxh64, "cut \(cut)")
                        #expect(b.digest() == expected.xxh3, "cut \(cut)")
                        #expect(c.digest() == (high: expected.xxh128High, low: expected.xxh128Low), "cut \(cut)")
                    }
                }
            }
        }
    }

    @Test("Data convenience API and empty updates")
    func dataAPI() {
        let bytes = lcgBytes(5000, seed: 3)
        let data = Data(bytes)
        var a = XXH64(seed: 5), b = XXH3_64(seed: 5), c = XXH128(seed: 5)
        a.update(Data()); b.update(Data()); c.update(Data())
        a.update(UnsafeRawBufferPointer(start: nil, count: 0))
        b.update(UnsafeRawBufferPointer(start: nil, count: 0))
        c.update(UnsafeRawBufferPointer(start: nil, count: 0))
        a.update(data.prefix(1234)); b.update(data.prefix(1234)); c.update(data.prefix(1234))
        a.update(data.dropFirst(1234)); b.update(data.dropFirst(1234)); c.update(data.dropFirst(1234))
        let expected = oneShot(bytes, seed: 5)
        #expect(a.digest() == expected.xxh64)
        #expect(b.digest() == expected.xxh3)
        #expect(c.digest() == (high: expected.xxh128High, low: expected.xxh128Low))
        #expect(XXH64.hash(data, seed: 5) == expected.xxh64)
        #expect(XXH3_64.hash(data, seed: 5) == expected.xxh3)
        #expect(XXH128.hash(data, seed: 5) == (high: expected.xxh128High, low: expected.xxh128Low))
        // A Data slice with a nonzero start index.
        let slice = data[100..<4100]
        #expect(XXH3_64.hash(slice) == oneShot(Array(bytes[100..<4100]), seed: 0).xxh3)
    }
}

@Suite("Hex formatting")
struct XXHashHexTests {
    @Test("64-bit canonical hex")
    func hex64() {
        #expect(XXHashHex.hex(0xEF46_DB37_51D8_E999) == "ef46db3751d8e999")
        #expect(XXHashHex.hex(UInt64(1)) == "0000000000000001")
        #expect(XXHashHex.hex(UInt64(0)) == "0000000000000000")
        #expect(XXHashHex.hex(UInt64.max) == "ffffffffffffffff")
    }

    @Test("128-bit canonical hex, high half first")
    func hex128() {
        #expect(XXHashHex.hex(XXH128.hash(Data())) == "99aa06d3014798d86001c324468d497f")
        #expect(XXHashHex.hex((high: 0, low: 0xAB)) == "000000000000000000000000000000ab")
        #expect(XXHashHex.hex((high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10))
            == "0102030405060708090a0b0c0d0e0f10")
    }
}
