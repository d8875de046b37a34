import Foundation
import Testing
@testable import OsmoseDomain

@Suite("Times the clocks skip")
struct WallClockTests {
    @Test("A time in the spring-forward gap is refused, naming the gap and the times that exist", arguments: [
        ("2016-03-27", "02:30", "Europe/Paris", "from 02:00 to 03:00", "write 03:30 or 01:30"),
        ("2016-03-27", "02:00", "Europe/Paris", "from 02:00 to 03:00", "write 03:00 or 01:30"),
        ("2015-03-29", "02:59", "Europe/Paris", "from 02:00 to 03:00", "write 03:59 or 01:30"),
        ("2016-03-13", "02:15", "America/New_York", "from 02:00 to 03:00", "write 03:15 or 01:30"),
    ])
    func gap(date: String, time: String, zone: String, gap: String, advice: String) throws {
        let day = try LocalDate(parsing: date), at = try ClockTime(parsing: time)
        #expect {
            try at.checkExists(on: day, inZone: zone, what: "the screening")
        } throws: { error in
            let message = (error as? InputError)?.message ?? ""
            return message.contains("the screening at \(time) on \(date) does not exist in \(zone)") && message.contains(gap)
                && message.contains(advice)
        }
    }

    @Test("Times that exist pass: either side of the gap, the hour repeated in autumn, other zones", arguments: [
        ("2016-03-27", "01:59", "Europe/Paris"), ("2016-03-27", "03:00", "Europe/Paris"), ("2016-03-26", "02:30", "Europe/Paris"),
        ("2015-10-25", "02:30", "Europe/Paris"), ("2016-03-27", "02:30", "UTC"), ("2016-03-27", "02:30", "Asia/Tokyo"),
        ("2016-03-27", "02:30", "Not/AZone"),
    ])
    func exists(date: String, time: String, zone: String) throws {
        try ClockTime(parsing: time).checkExists(on: LocalDate(parsing: date), inZone: zone, what: "the call")
    }
}
