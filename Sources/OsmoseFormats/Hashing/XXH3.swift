// XXH3 (64-bit) and XXH128, implemented from the xxHash specification
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).
//
// Only the default 192-byte secret is supported; a nonzero seed derives a
// custom secret from it exactly as the specification describes.

import Foundation

let xxhPrime32_1: UInt64 = 0x9E37_79B1
let xxhPrime32_2: UInt64 = 0x85EB_CA77
let xxhPrime32_3: UInt64 = 0xC2B2_AE3D
let xxhPrimeMX1: UInt64 = 0x1656_6791_9E37_79F9
let xxhPrimeMX2: UInt64 = 0x9FB2_1C65_1E98_DF25

// MARK: - Secret

/// 192-byte XXH3 secret, stored little-endian so it can be read at any byte offset.
struct XXH3Secret {
    typealias Words = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )
    var words: Words

    /// The default secret (`seed == 0`) or the secret derived from `seed`:
    /// each 16-byte pair of words becomes (lo + seed, hi - seed).
    @inline(__always)
    init(seed: UInt64) {
        @inline(__always) func p(_ x: UInt64) -> UInt64 { (x &+ seed).littleEndian }
        @inline(__always) func m(_ x: UInt64) -> UInt64 { (x &- seed).littleEndian }
        words = (
            p(0xBE4B_A423_396C_FEB8), m(0x1CAD_21F7_2C81_017C), p(0xDB97_9083_E96D_D4DE), m(0x1F67_B3B7_A4A4_4072),
            p(0x78E5_C0CC_4EE6_79CB), m(0x2172_FFCC_7DD0_5A82), p(0x8E24_43F7_7446_08B8), m(0x4C26_3A81_E690_35E0),
            p(0xCB00_C391_BB52_283C), m(0xA32E_531B_8B65_D088), p(0x4EF9_0DA2_9748_6471), m(0xD8AC_DEA9_46EF_1938),
            p(0x3F34_9CE3_3F76_FAA8), m(0x1D4F_0BC7_C7BB_DCF9), p(0x3159_B4CD_4BE0_518A), m(0x6473_78D9_C97E_9FC8),
            p(0xC3EB_D334_83AC_C5EA), m(0xEB63_13FA_FFA0_81C5), p(0x49DA_F0B7_51DD_0D17), m(0x9E68_D429_2655_16D3),
            p(0xFCA1_477D_58BE_162B), m(0xCE31_D07A_D1B8_F88F), p(0x2804_1695_8F3A_CB45), m(0x7E40_4BBB_CAFB_D7AF)
        )
    }
}

// MARK: - Accumulators

/// The eight 64-bit accumulator lanes of the XXH3 long-input loop.
struct XXH3Acc {
    var a0, a1, a2, a3, a4, a5, a6, a7: UInt64

    @inline(__always)
    static var initial: XXH3Acc {
        XXH3Acc(
            a0: xxhPrime32_3, a1: xxhPrime64_1, a2: xxhPrime64_2, a3: xxhPrime64_3,
            a4: xxhPrime64_4, a5: xxhPrime32_2, a6: xxhPrime64_5, a7: xxhPrime32_1)
    }
}

// MARK: - Core algorithm

enum XXH3Core {
    static let stripeLen = 64
    static let secretSize = 192
    static let stripesPerBlock = (secretSize - stripeLen) / 8  // 16
    static let blockLen = stripeLen * stripesPerBlock  // 1024
    static let midSizeMax = 240
    static let secretLastAccStart = 7
    static let secretMergeAccsStart = 11
    static let midSizeStartOffset = 3
    static let midSizeLastOffset = 17
    static let secretSizeMin = 136
    /// Offset of the scramble key (the last 64 bytes of the secret).
    static let secretLimit = secretSize - stripeLen  // 128

    // MARK: Small helpers

    @inline(__always)
    static func mul128Fold64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    @inline(__always)
    static func avalanche(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h &>> 37
        h &*= xxhPrimeMX1
        h ^= h &>> 32
        return h
    }

    @inline(__always)
    static func rrmxmx(_ h: UInt64, _ len: Int) -> UInt64 {
        var h = h
        h ^= xxhRotl64(h, 49) ^ xxhRotl64(h, 24)
        h &*= xxhPrimeMX2
        h ^= (h &>> 35) &+ UInt64(len)
        h &*= xxhPrimeMX2
        h ^= h &>> 28
        return h
    }

    @inline(__always)
    static func mix16B(_ p: UnsafeRawPointer, _ s: UnsafeRawPointer, _ seed: UInt64) -> UInt64 {
        mul128Fold64(
            xxhRead64(p, 0) ^ (xxhRead64(s, 0) &+ seed),
            xxhRead64(p, 8) ^ (xxhRead64(s, 8) &- seed))
    }

    // MARK: Long-input loop (> 240 bytes)

    /// Accumulates one 64-byte stripe at `p` with the 64 secret bytes at `s`.
    @inline(__always)
    static func accumulate512(_ acc: inout XXH3Acc, _ p: UnsafeRawPointer, _ s: UnsafeRawPointer) {
        var data = XXH3Acc(a0: 0, a1: 0, a2: 0, a3: 0, a4: 0, a5: 0, a6: 0, a7: 0)
        accumulateSplit(&acc, &data, p, s)
        fold(&acc, data)
    }

    /// One stripe, with the two halves of the update kept apart:
    /// `prod[i] += lo32(key[i]) * hi32(key[i])` and `data[i] += input[i]`.
    ///
    /// The specification adds `input[i]` to lane `i ^ 1`. Between two scrambles
    /// the accumulators only receive additions, so the data sums can be
    /// collected unswapped and added crosswise once (see `fold`). Used for
    /// single stripes and by the portable (big-endian) loop; the little-endian
    /// loop in `accumulate` does the same with `SIMD8<UInt64>`.
    @inline(__always)
    static func accumulateSplit(
        _ prod: inout XXH3Acc, _ data: inout XXH3Acc, _ p: UnsafeRawPointer, _ s: UnsafeRawPointer
    ) {
        let d0 = xxhRead64(p, 0), d1 = xxhRead64(p, 8), d2 = xxhRead64(p, 16), d3 = xxhRead64(p, 24)
        let d4 = xxhRead64(p, 32), d5 = xxhRead64(p, 40), d6 = xxhRead64(p, 48), d7 = xxhRead64(p, 56)
        let k0 = d0 ^ xxhRead64(s, 0), k1 = d1 ^ xxhRead64(s, 8)
        let k2 = d2 ^ xxhRead64(s, 16), k3 = d3 ^ xxhRead64(s, 24)
        let k4 = d4 ^ xxhRead64(s, 32), k5 = d5 ^ xxhRead64(s, 40)
        let k6 = d6 ^ xxhRead64(s, 48), k7 = d7 ^ xxhRead64(s, 56)
        let lo: UInt64 = 0xFFFF_FFFF
        prod.a0 &+= (k0 & lo) &* (k0 &>> 32)
        prod.a1 &+= (k1 & lo) &* (k1 &>> 32)
        prod.a2 &+= (k2 & lo) &* (k2 &>> 32)
        prod.a3 &+= (k3 & lo) &* (k3 &>> 32)
        prod.a4 &+= (k4 & lo) &* (k4 &>> 32)
        prod.a5 &+= (k5 & lo) &* (k5 &>> 32)
        prod.a6 &+= (k6 & lo) &* (k6 &>> 32)
        prod.a7 &+= (k7 & lo) &* (k7 &>> 32)
        data.a0 &+= d0
        data.a1 &+= d1
        data.a2 &+= d2
        data.a3 &+= d3
        data.a4 &+= d4
        data.a5 &+= d5
        data.a6 &+= d6
        data.a7 &+= d7
    }

    /// Adds the collected data sums crosswise: `acc[i ^ 1] += data[i]`.
    @inline(__always)
    static func fold(_ acc: inout XXH3Acc, _ data: XXH3Acc) {
        acc.a0 &+= data.a1
        acc.a1 &+= data.a0
        acc.a2 &+= data.a3
        acc.a3 &+= data.a2
        acc.a4 &+= data.a5
        acc.a5 &+= data.a4
        acc.a6 &+= data.a7
        acc.a7 &+= data.a6
    }

    /// Accumulates `nbStripes` consecutive stripes; the secret advances 8 bytes per stripe.
    ///
    /// On little-endian hosts this is written with `SIMD8<UInt64>`, which the
    /// compiler lowers to whatever vector width the target has (SSE2 `pmuludq`
    /// on baseline x86-64, NEON on arm64); the products and the data sums are
    /// kept in separate registers and folded crosswise once at the end.
    @inline(__always)
    static func accumulate(
        _ acc: inout XXH3Acc, _ p: UnsafeRawPointer, _ nbStripes: Int, _ s: UnsafeRawPointer
    ) {
        #if _endian(little)
        var prod = SIMD8<UInt64>(acc.a0, acc.a1, acc.a2, acc.a3, acc.a4, acc.a5, acc.a6, acc.a7)
        var data = SIMD8<UInt64>(repeating: 0)
        let lo = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        var i = 0
        while i < nbStripes {
            let d = (p + i &* stripeLen).loadUnaligned(as: SIMD8<UInt64>.self)
            let k = d ^ (s + i &* 8).loadUnaligned(as: SIMD8<UInt64>.self)
            prod &+= (k & lo) &* (k &>> 32)
            data &+= d
            i &+= 1
        }
        acc = XXH3Acc(
            a0: prod[0] &+ data[1], a1: prod[1] &+ data[0],
            a2: prod[2] &+ data[3], a3: prod[3] &+ data[2],
            a4: prod[4] &+ data[5], a5: prod[5] &+ data[4],
            a6: prod[6] &+ data[7], a7: prod[7] &+ data[6])
        #else
        var a = acc
        var data = XXH3Acc(a0: 0, a1: 0, a2: 0, a3: 0, a4: 0, a5: 0, a6: 0, a7: 0)
        var i = 0
        while i < nbStripes {
            accumulateSplit(&a, &data, p + i &* stripeLen, s + i &* 8)
            i &+= 1
        }
        fold(&a, data)
        acc = a
        #endif
    }

    @inline(__always)
    static func scrambleLane(_ a: UInt64, _ key: UInt64) -> UInt64 {
        ((a ^ (a &>> 47)) ^ key) &* xxhPrime32_1
    }

    @inline(__always)
    static func scramble(_ acc: inout XXH3Acc, _ s: UnsafeRawPointer) {
        acc.a0 = scrambleLane(acc.a0, xxhRead64(s, 0))
        acc.a1 = scrambleLane(acc.a1, xxhRead64(s, 8))
        acc.a2 = scrambleLane(acc.a2, xxhRead64(s, 16))
        acc.a3 = scrambleLane(acc.a3, xxhRead64(s, 24))
        acc.a4 = scrambleLane(acc.a4, xxhRead64(s, 32))
        acc.a5 = scrambleLane(acc.a5, xxhRead64(s, 40))
        acc.a6 = scrambleLane(acc.a6, xxhRead64(s, 48))
        acc.a7 = scrambleLane(acc.a7, xxhRead64(s, 56))
    }

    /// Accumulates `nbBlocks` whole 1024-byte blocks, scrambling after each.
    static func accumulateBlocks(
        _ acc: inout XXH3Acc, _ p: UnsafeRawPointer, _ nbBlocks: Int, _ s: UnsafeRawPointer
    ) {
        var a = acc
        var p = p
        let key = s + secretLimit
        for _ in 0..<nbBlocks {
            accumulate(&a, p, stripesPerBlock, s)
            scramble(&a, key)
            p += blockLen
        }
        acc = a
    }

    /// Whole-input long loop (the one-shot path for `len > 240`).
    static func hashLong(_ p: UnsafeRawPointer, _ len: Int, _ s: UnsafeRawPointer) -> XXH3Acc {
        var acc = XXH3Acc.initial
        let nbBlocks = (len - 1) / blockLen
        accumulateBlocks(&acc, p, nbBlocks, s)
        let nbStripes = ((len - 1) - blockLen * nbBlocks) / stripeLen
        accumulate(&acc, p + nbBlocks * blockLen, nbStripes, s)
        accumulate512(&acc, p + len - stripeLen, s + secretLimit - secretLastAccStart)
        return acc
    }

    /// Streaming helper: accumulates `nbStripes` stripes starting mid-block at
    /// `nbStripesSoFar`, scrambling at every block end. Returns the end pointer.
    static func consumeStripes(
        _ acc: inout XXH3Acc, _ nbStripesSoFar: inout Int,
        _ p: UnsafeRawPointer, _ nbStripes: Int, _ s: UnsafeRawPointer
    ) -> UnsafeRawPointer {
        var p = p
        var n = nbStripes
        let toBlockEnd = stripesPerBlock - nbStripesSoFar
        if n >= toBlockEnd {
            accumulate(&acc, p, toBlockEnd, s + nbStripesSoFar * 8)
            scramble(&acc, s + secretLimit)
            p += toBlockEnd * stripeLen
            n -= toBlockEnd
            let fullBlocks = n / stripesPerBlock
            accumulateBlocks(&acc, p, fullBlocks, s)
            p += fullBlocks * blockLen
            n -= fullBlocks * stripesPerBlock
            nbStripesSoFar = 0
        }
        if n > 0 {
            accumulate(&acc, p, n, s + nbStripesSoFar * 8)
            p += n * stripeLen
            nbStripesSoFar += n
        }
        return p
    }

    @inline(__always)
    static func mergeAccs(_ acc: XXH3Acc, _ s: UnsafeRawPointer, _ start: UInt64) -> UInt64 {
        var r = start
        r &+= mul128Fold64(acc.a0 ^ xxhRead64(s, 0), acc.a1 ^ xxhRead64(s, 8))
        r &+= mul128Fold64(acc.a2 ^ xxhRead64(s, 16), acc.a3 ^ xxhRead64(s, 24))
        r &+= mul128Fold64(acc.a4 ^ xxhRead64(s, 32), acc.a5 ^ xxhRead64(s, 40))
        r &+= mul128Fold64(acc.a6 ^ xxhRead64(s, 48), acc.a7 ^ xxhRead64(s, 56))
        return avalanche(r)
    }

    static func finalizeLong64(_ acc: XXH3Acc, _ s: UnsafeRawPointer, _ len: UInt64) -> UInt64 {
        mergeAccs(acc, s + secretMergeAccsStart, len &* xxhPrime64_1)
    }

    static func finalizeLong128(_ acc: XXH3Acc, _ s: UnsafeRawPointer, _ len: UInt64) -> (high: UInt64, low: UInt64) {
        let low = mergeAccs(acc, s + secretMergeAccsStart, len &* xxhPrime64_1)
        let high = mergeAccs(acc, s + secretLimit - secretMergeAccsStart, ~(len &* xxhPrime64_2))
        return (high, low)
    }

    // MARK: 64-bit short inputs (0...240), default secret `s` plus `seed`

    static func hash64Short(_ p: UnsafeRawPointer, _ len: Int, _ s: UnsafeRawPointer, _ seed: UInt64) -> UInt64 {
        if len <= 16 {
            if len > 8 {
                let bitflip1 = (xxhRead64(s, 24) ^ xxhRead64(s, 32)) &+ seed
                let bitflip2 = (xxhRead64(s, 40) ^ xxhRead64(s, 48)) &- seed
                let inputLo = xxhRead64(p, 0) ^ bitflip1
                let inputHi = xxhRead64(p, len - 8) ^ bitflip2
                let acc = UInt64(len) &+ inputLo.byteSwapped &+ inputHi &+ mul128Fold64(inputLo, inputHi)
                return avalanche(acc)
            }
            if len >= 4 {
                let seed2 = seed ^ (UInt64(UInt32(truncatingIfNeeded: seed).byteSwapped) &<< 32)
                let input1 = UInt64(xxhRead32(p, 0))
                let input2 = UInt64(xxhRead32(p, len - 4))
                let bitflip = (xxhRead64(s, 8) ^ xxhRead64(s, 16)) &- seed2
                let input64 = input2 &+ (input1 &<< 32)
                return rrmxmx(input64 ^ bitflip, len)
            }
            if len > 0 {
                let c1 = UInt32(p.load(as: UInt8.self))
                let c2 = UInt32(p.load(fromByteOffset: len >> 1, as: UInt8.self))
                let c3 = UInt32(p.load(fromByteOffset: len - 1, as: UInt8.self))
                let combined = (c1 &<< 16) | (c2 &<< 24) | c3 | (UInt32(len) &<< 8)
                let bitflip = UInt64(xxhRead32(s, 0) ^ xxhRead32(s, 4)) &+ seed
                return XXH64.avalanche(UInt64(combined) ^ bitflip)
            }
            return XXH64.avalanche(seed ^ (xxhRead64(s, 56) ^ xxhRead64(s, 64)))
        }
        var acc = UInt64(len) &* xxhPrime64_1
        if len <= 128 {
            if len > 32 {
                if len > 64 {
                    if len > 96 {
                        acc &+= mix16B(p + 48, s + 96, seed)
                        acc &+= mix16B(p + len - 64, s + 112, seed)
                    }
                    acc &+= mix16B(p + 32, s + 64, seed)
                    acc &+= mix16B(p + len - 48, s + 80, seed)
                }
                acc &+= mix16B(p + 16, s + 32, seed)
                acc &+= mix16B(p + len - 32, s + 48, seed)
            }
            acc &+= mix16B(p, s, seed)
            acc &+= mix16B(p + len - 16, s + 16, seed)
            return avalanche(acc)
        }
        // 129...240
        for i in 0..<8 {
            acc &+= mix16B(p + 16 * i, s + 16 * i, seed)
        }
        acc = avalanche(acc)
        let nbRounds = len / 16
        var i = 8
        while i < nbRounds {
            acc &+= mix16B(p + 16 * i, s + 16 * (i - 8) + midSizeStartOffset, seed)
            i += 1
        }
        acc &+= mix16B(p + len - 16, s + secretSizeMin - midSizeLastOffset, seed)
        return avalanche(acc)
    }

    // MARK: 128-bit short inputs (0...240)

    @inline(__always)
    static func mix32B(
        _ acc: inout (high: UInt64, low: UInt64),
        _ p1: UnsafeRawPointer, _ p2: UnsafeRawPointer, _ s: UnsafeRawPointer, _ seed: UInt64
    ) {
        acc.low &+= mix16B(p1, s, seed)
        acc.low ^= xxhRead64(p2, 0) &+ xxhRead64(p2, 8)
        acc.high &+= mix16B(p2, s + 16, seed)
        acc.high ^= xxhRead64(p1, 0) &+ xxhRead64(p1, 8)
    }

    static func hash128Short(
        _ p: UnsafeRawPointer, _ len: Int, _ s: UnsafeRawPointer, _ seed: UInt64
    ) -> (high: UInt64, low: UInt64) {
        if len <= 16 {
            if len > 8 {
                let bitflipL = (xxhRead64(s, 32) ^ xxhRead64(s, 40)) &- seed
                let bitflipH = (xxhRead64(s, 48) ^ xxhRead64(s, 56)) &+ seed
                let inputLo = xxhRead64(p, 0)
                var inputHi = xxhRead64(p, len - 8)
                let m = (inputLo ^ inputHi ^ bitflipL).multipliedFullWidth(by: xxhPrime64_1)
                var mLow = m.low &+ (UInt64(len - 1) &<< 54)
                var mHigh = m.high
                inputHi ^= bitflipH
                mHigh &+= inputHi &+ (inputHi & 0xFFFF_FFFF) &* (xxhPrime32_2 &- 1)
                mLow ^= mHigh.byteSwapped
                let h = mLow.multipliedFullWidth(by: xxhPrime64_2)
                let hHigh = h.high &+ mHigh &* xxhPrime64_2
                return (avalanche(hHigh), avalanche(h.low))
            }
            if len >= 4 {
                let seed2 = seed ^ (UInt64(UInt32(truncatingIfNeeded: seed).byteSwapped) &<< 32)
                let inputLo = UInt64(xxhRead32(p, 0))
                let inputHi = UInt64(xxhRead32(p, len - 4))
                let input64 = inputLo &+ (inputHi &<< 32)
                let bitflip = (xxhRead64(s, 16) ^ xxhRead64(s, 24)) &+ seed2
                let keyed = input64 ^ bitflip
                let m = keyed.multipliedFullWidth(by: xxhPrime64_1 &+ (UInt64(len) &<< 2))
                var mLow = m.low
                var mHigh = m.high
                mHigh &+= mLow &<< 1
                mLow ^= mHigh &>> 3
                mLow ^= mLow &>> 35
                mLow &*= xxhPrimeMX2
                mLow ^= mLow &>> 28
                return (avalanche(mHigh), mLow)
            }
            if len > 0 {
                let c1 = UInt32(p.load(as: UInt8.self))
                let c2 = UInt32(p.load(fromByteOffset: len >> 1, as: UInt8.self))
                let c3 = UInt32(p.load(fromByteOffset: len - 1, as: UInt8.self))
                let combinedL = (c1 &<< 16) | (c2 &<< 24) | c3 | (UInt32(len) &<< 8)
                let swapped = combinedL.byteSwapped
                let combinedH = (swapped &<< 13) | (swapped &>> 19)
                let bitflipL = UInt64(xxhRead32(s, 0) ^ xxhRead32(s, 4)) &+ seed
                let bitflipH = UInt64(xxhRead32(s, 8) ^ xxhRead32(s, 12)) &- seed
                return (XXH64.avalanche(UInt64(combinedH) ^ bitflipH),
                        XXH64.avalanche(UInt64(combinedL) ^ bitflipL))
            }
            return (XXH64.avalanche(seed ^ xxhRead64(s, 80) ^ xxhRead64(s, 88)),
                    XXH64.avalanche(seed ^ xxhRead64(s, 64) ^ xxhRead64(s, 72)))
        }
        var acc: (high: UInt64, low: UInt64) = (0, UInt64(len) &* xxhPrime64_1)
        if len <= 128 {
            if len > 32 {
                if len > 64 {
                    if len > 96 {
                        mix32B(&acc, p + 48, p + len - 64, s + 96, seed)
                    }
                    mix32B(&acc, p + 32, p + len - 48, s + 64, seed)
                }
                mix32B(&acc, p + 16, p + len - 32, s + 32, seed)
            }
            mix32B(&acc, p, p + len - 16, s, seed)
        } else {
            // 129...240
            for i in 0..<4 {
                mix32B(&acc, p + 32 * i, p + 32 * i + 16, s + 32 * i, seed)
            }
            acc.low = avalanche(acc.low)
            acc.high = avalanche(acc.high)
            let nbRounds = len / 32
            var i = 4
            while i < nbRounds {
                mix32B(&acc, p + 32 * i, p + 32 * i + 16, s + midSizeStartOffset + 32 * (i - 4), seed)
                i += 1
            }
            mix32B(&acc, p + len - 16, p + len - 32, s + secretSizeMin - midSizeLastOffset - 16, 0 &- seed)
        }
        let low = acc.low &+ acc.high
        let high = (acc.low &* xxhPrime64_1) &+ (acc.high &* xxhPrime64_4)
            &+ ((UInt64(len) &- seed) &* xxhPrime64_2)
        return (0 &- avalanche(high), avalanche(low))
    }

    // MARK: One-shot entry points

    static func hash64(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let len = bytes.count
        if len <= midSizeMax {
            let secret = XXH3Secret(seed: 0)
            return withUnsafeBytes(of: secret.words) { sb in
                let s = sb.baseAddress!
                return hash64Short(bytes.baseAddress ?? s, len, s, seed)
            }
        }
        let secret = XXH3Secret(seed: seed)
        return withUnsafeBytes(of: secret.words) { sb in
            let s = sb.baseAddress!
            let acc = hashLong(bytes.baseAddress!, len, s)
            return finalizeLong64(acc, s, UInt64(len))
        }
    }

    static func hash128(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> (high: UInt64, low: UInt64) {
        let len = bytes.count
        if len <= midSizeMax {
            let secret = XXH3Secret(seed: 0)
            return withUnsafeBytes(of: secret.words) { sb in
                let s = sb.baseAddress!
                return hash128Short(bytes.baseAddress ?? s, len, s, seed)
            }
        }
        let secret = XXH3Secret(seed: seed)
        return withUnsafeBytes(of: secret.words) { sb in
            let s = sb.baseAddress!
            let acc = hashLong(bytes.baseAddress!, len, s)
            return finalizeLong128(acc, s, UInt64(len))
        }
    }
}

// MARK: - Streaming state shared by XXH3_64 and XXH128

/// Streaming XXH3 state. Mirrors the reference design: input is buffered in a
/// 256-byte buffer and only consumed once more input follows, so the last
/// stripe is always available at digest time.
struct XXH3State {
    typealias Buffer = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )
    static let bufferSize = 256

    var acc = XXH3Acc.initial
    /// Secret used for long inputs (derived from the seed).
    let secret: XXH3Secret
    var buffer: Buffer = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
    var bufferedSize = 0
    var nbStripesSoFar = 0
    var totalLen: UInt64 = 0
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        self.secret = XXH3Secret(seed: seed)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let len = bytes.count
        totalLen &+= UInt64(len)
        let pending = bufferedSize
        if len <= XXH3State.bufferSize - pending {
            withUnsafeMutableBytes(of: &buffer) { buf in
                (buf.baseAddress! + pending).copyMemory(from: base, byteCount: len)
            }
            bufferedSize = pending + len
            return
        }

        var a = acc
        var soFar = nbStripesSoFar
        let secretWords = secret.words
        let newBuffered: Int = withUnsafeBytes(of: secretWords) { sb in
            let s = sb.baseAddress!
            return withUnsafeMutableBytes(of: &buffer) { bb in
                let b = bb.baseAddress!
                var p = base
                let end = base + len
                if pending > 0 {
                    let load = XXH3State.bufferSize - pending
                    (b + pending).copyMemory(from: p, byteCount: load)
                    p += load
                    _ = XXH3Core.consumeStripes(
                        &a, &soFar, UnsafeRawPointer(b), XXH3State.bufferSize / XXH3Core.stripeLen, s)
                }
                if end - p > XXH3State.bufferSize {
                    let nbStripes = (end - 1 - p) / XXH3Core.stripeLen
                    p = XXH3Core.consumeStripes(&a, &soFar, p, nbStripes, s)
                    // Keep the last consumed stripe for a digest that needs catch-up bytes.
                    (b + XXH3State.bufferSize - XXH3Core.stripeLen)
                        .copyMemory(from: p - XXH3Core.stripeLen, byteCount: XXH3Core.stripeLen)
                }
                let rest = end - p
                b.copyMemory(from: p, byteCount: rest)
                return rest
            }
        }
        acc = a
        nbStripesSoFar = soFar
        bufferedSize = newBuffered
    }

    /// Accumulators for a long input (`totalLen > 240`), including the buffered tail.
    private func digestLongAcc(_ s: UnsafeRawPointer, _ b: UnsafeRawPointer) -> XXH3Acc {
        var a = acc
        if bufferedSize >= XXH3Core.stripeLen {
            let nbStripes = (bufferedSize - 1) / XXH3Core.stripeLen
            var soFar = nbStripesSoFar
            _ = XXH3Core.consumeStripes(&a, &soFar, b, nbStripes, s)
            XXH3Core.accumulate512(
                &a, b + bufferedSize - XXH3Core.stripeLen,
                s + XXH3Core.secretLimit - XXH3Core.secretLastAccStart)
        } else {
            var lastStripe: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
                (0, 0, 0, 0, 0, 0, 0, 0)
            let catchup = XXH3Core.stripeLen - bufferedSize
            let buffered = bufferedSize
            withUnsafeMutableBytes(of: &lastStripe) { ls in
                let l = ls.baseAddress!
                l.copyMemory(from: b + XXH3State.bufferSize - catchup, byteCount: catchup)
                (l + catchup).copyMemory(from: b, byteCount: buffered)
                XXH3Core.accumulate512(
                    &a, UnsafeRawPointer(l), s + XXH3Core.secretLimit - XXH3Core.secretLastAccStart)
            }
        }
        return a
    }

    func digest64() -> UInt64 {
        digest(long: XXH3Core.finalizeLong64, short: XXH3Core.hash64Short)
    }

    func digest128() -> (high: UInt64, low: UInt64) {
        digest(long: XXH3Core.finalizeLong128, short: XXH3Core.hash128Short)
    }

    /// The digest of the input so far: the long-input path over the accumulators and the
    /// (possibly seeded) secret, or the short-input path over the buffered bytes.
    private func digest<T>(
        long: (XXH3Acc, UnsafeRawPointer, UInt64) -> T,
        short: (UnsafeRawPointer, Int, UnsafeRawPointer, UInt64) -> T
    ) -> T {
        let buf = buffer
        if totalLen > UInt64(XXH3Core.midSizeMax) {
            return withUnsafeBytes(of: secret.words) { sb in
                withUnsafeBytes(of: buf) { bb in
                    let s = sb.baseAddress!
                    return long(digestLongAcc(s, bb.baseAddress!), s, totalLen)
                }
            }
        }
        let k = XXH3Secret(seed: 0)
        return withUnsafeBytes(of: k.words) { sb in
            withUnsafeBytes(of: buf) { bb in
                short(bb.baseAddress!, Int(totalLen), sb.baseAddress!, seed)
            }
        }
    }
}

// MARK: - Public API

/// Streaming XXH3 64-bit hasher (`XXH3_64bits`, as printed by `xxhsum -H3`).
///
/// Uses the default secret; a nonzero seed derives a custom secret for inputs
/// longer than 240 bytes, as the specification describes. The result does not
/// depend on how the input was split into `update` calls, and `digest()` does
/// not consume the state.
public struct XXH3_64: Sendable {
    private var state: XXH3State

    /// Creates a hasher.
    /// - Parameter seed: The 64-bit seed; `0` gives the standard unseeded XXH3-64.
    public init(seed: UInt64 = 0) {
        state = XXH3State(seed: seed)
    }

    /// Appends the bytes of `bytes` to the hashed input.
    /// - Parameter bytes: Any raw buffer; it is not retained after the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bytes)
    }

    /// Appends the bytes of `data` to the hashed input.
    /// - Parameter data: The bytes to hash.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { state.update($0) }
    }

    /// Returns the XXH3-64 of everything passed to `update` so far.
    ///
    /// The state is left unchanged, so more input may be added afterwards.
    public func digest() -> UInt64 {
        state.digest64()
    }

    /// One-shot XXH3-64 of `data`.
    /// - Parameters:
    ///   - data: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 64-bit hash, equal to what streaming the same bytes gives.
    public static func hash(_ data: Data, seed: UInt64 = 0) -> UInt64 {
        data.withUnsafeBytes { XXH3Core.hash64($0, seed: seed) }
    }

    /// One-shot XXH3-64 of a raw buffer.
    /// - Parameters:
    ///   - bytes: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 64-bit hash.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        XXH3Core.hash64(bytes, seed: seed)
    }
}

/// Streaming XXH128 hasher (XXH3 128-bit variant, `xxhsum -H2`).
///
/// The digest is returned as `(high, low)` 64-bit halves; `XXHashHex.hex(_:)`
/// formats it as `xxhsum` does (high half first). The result does not depend on
/// how the input was split into `update` calls, and `digest()` does not consume
/// the state.
public struct XXH128: Sendable {
    private var state: XXH3State

    /// Creates a hasher.
    /// - Parameter seed: The 64-bit seed; `0` gives the standard unseeded XXH128.
    public init(seed: UInt64 = 0) {
        state = XXH3State(seed: seed)
    }

    /// Appends the bytes of `bytes` to the hashed input.
    /// - Parameter bytes: Any raw buffer; it is not retained after the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bytes)
    }

    /// Appends the bytes of `data` to the hashed input.
    /// - Parameter data: The bytes to hash.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { state.update($0) }
    }

    /// Returns the XXH128 of everything passed to `update` so far.
    ///
    /// The state is left unchanged, so more input may be added afterwards.
    /// - Returns: The 128-bit hash as its high and low 64-bit halves.
    public func digest() -> (high: UInt64, low: UInt64) {
        state.digest128()
    }

    /// One-shot XXH128 of `data`.
    /// - Parameters:
    ///   - data: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 128-bit hash as its high and low 64-bit halves.
    public static func hash(_ data: Data, seed: UInt64 = 0) -> (high: UInt64, low: UInt64) {
        data.withUnsafeBytes { XXH3Core.hash128($0, seed: seed) }
    }

    /// One-shot XXH128 of a raw buffer.
    /// - Parameters:
    ///   - bytes: The bytes to hash.
    ///   - seed: The 64-bit seed (default `0`).
    /// - Returns: The 128-bit hash as its high and low 64-bit halves.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> (high: UInt64, low: UInt64) {
        XXH3Core.hash128(bytes, seed: seed)
    }
}
