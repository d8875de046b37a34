import Foundation
import Hummingbird
import OsmoseFormats

extension Request {
    /// The query's fields, percent-decoded once with `+` as a space: how the API and the team pages read every query.
    var queryFields: URLEncodedFields { URLEncodedFields(parsing: uri.query) }

    /// The value of a cookie, from every Cookie header the request has.
    func cookie(_ name: String) -> String? {
        CookieHeader.value(named: name, in: headers[values: .cookie])
    }
}

extension AppRequestContext {
    /// A path parameter, percent-decoded once (`CHQ%20001` is `CHQ 001`, `%25` is `%`); `+` stays a plus.
    func pathParameter(_ name: String) -> String {
        PercentEncoding.decode(parameters.get(name) ?? "", plusAsSpace: false)
    }
}

/// A form sent as `application/x-www-form-urlencoded`, read from its fields.
protocol FormFields {
    init(form: URLEncodedFields) throws
}
