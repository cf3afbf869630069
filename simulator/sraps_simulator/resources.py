"""The /api/v1/ resources of the contract (§3-§11): routes, access rules, validation, rendering.

Handlers run with the state lock held (server.py takes it) and return (status, body, headers) or
raise ApiError. Interpretations of the contract are marked "Chosen:" and listed in README.md.
"""

import collections
import datetime
import math
import re
import uuid as uuidlib
from urllib.parse import urlencode

from . import validation as v
from .modes import Modes

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 1000
FORBIDDEN = "You do not have permission to perform this action."
USER_ROLES = ("admin", "editor", "viewer")
USER_LANGUAGES = ("en", "de", "fr", "it", "es")
COUNTRY = re.compile(r"^[A-Z]{2}$")


class ApiError(Exception):
    def __init__(self, status, body, headers=None):
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.headers = headers or {}


def not_found():
    return ApiError(404, {"detail": "Not found."})


def invalid(errors):
    return ApiError(400, errors)


def now_iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")


class Ctx:
    """One authenticated request as the handlers see it."""

    def __init__(self, method, path, query, body, base, key, ip, now):
        self.method = method
        self.path = path          # e.g. /api/v1/companies/ (no query)
        self.query = query        # list of (name, value) pairs, in the order sent
        self.body = body          # parsed JSON or None when the request had no body
        self.base = base          # scheme://host[:port] as the client addressed the server
        self.key = key            # the key record from the state
        self.ip = ip
        self.now = now            # server clock (with any configured offset), seconds

    def param(self, name):
        for k, val in self.query:
            if k == name:
                return val
        return None

    def url(self, rel):
        return "%s/api/v1/%s" % (self.base, rel)

    def page_url(self, page, param="page"):
        pairs = [(k, val) for k, val in self.query if k != param] + [(param, str(page))]
        return "%s%s?%s" % (self.base, self.path, urlencode(pairs))

    def object_body(self):
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise invalid({"non_field_errors": [
                "Invalid data. Expected a dictionary, but got %s." % type(self.body).__name__]})
        return self.body


def _template_regex(template):
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")


class Api:
    def __init__(self, state, modes=None, call_in=None):
        self.state = state
        self.modes = modes if modes is not None else Modes()
        self.call_in = call_in      # phones that call in by themselves (call_in.py), or None
        self.catalogue = state.catalogue
        c = "/api/v1/companies/{company}"
        table = [
            ("/api/v1/tokens/{id}", {"GET": self.token_get}),
            ("/api/v1/companies/", {"GET": self.companies_list, "POST": self.company_create}),
            (c, {"GET": self.company_get, "PUT": self.company_put, "DELETE": self.company_delete}),
            (c + "/endpoints/", {"GET": self.endpoints_list}),
            (c + "/endpoints/{mac}", {"GET": self.endpoint_get, "PUT": self.endpoint_put,
                                      "DELETE": self.endpoint_delete}),
            (c + "/provisioning-profiles/",
             {"GET": self.profiles_list, "POST": self.profile_create}),
            (c + "/provisioning-profiles/{profile}",
             {"GET": self.profile_get, "PUT": self.profile_put, "DELETE": self.profile_delete}),
            (c + "/product-defaults/", {"GET": self.defaults_list, "POST": self.default_create}),
            (c + "/product-defaults/{product_default}",
             {"GET": self.default_get, "PUT": self.default_put, "DELETE": self.default_delete}),
            (c + "/users/", {"GET": self.users_list, "POST": self.user_create}),
            (c + "/users/{user}", {"GET": self.user_get, "PUT": self.user_put,
                                   "DELETE": self.user_delete}),
            (c + "/logs/", {"GET": self.logs_list}),
            ("/api/v1/settings/", {"GET": self.settings_list}),
            ("/api/v1/settings/{setting}", {"GET": self.setting_get}),
            ("/api/v1/setting-groups/", {"GET": self.setting_groups_list}),
            ("/api/v1/setting-groups/{setting_group}", {"GET": self.setting_group_get}),
            ("/api/v1/product-groups/", {"GET": self.product_groups_list}),
            ("/api/v1/product-groups/{product_group}", {"GET": self.product_group_get}),
            ("/api/v1/products/", {"GET": self.products_list}),
            ("/api/v1/products/{product}", {"GET": self.product_get}),
        ]
        self.routes = [(template, _template_regex(template), methods)
                       for template, methods in table]

    def match(self, path):
        """(template, methods, params) for a path, or None."""
        for template, regex, methods in self.routes:
            m = regex.match(path)
            if m:
                return template, methods, m.groupdict()
        return None

    @property
    def data(self):
        return self.state.data

    # --- shared helpers ----------------------------------------------------------------------

    def paginate(self, ctx, items, render):
        """Bare JSON array plus `Link: <next>; rel="next"` (contract §3)."""
        size = DEFAULT_PAGE_SIZE
        raw_size = ctx.param("page_size")
        if raw_size is not None and raw_size.isdigit() and int(raw_size) > 0:
            size = min(int(raw_size), MAX_PAGE_SIZE)
        # The page parameter is a mode (page_param): a deviation a contract check must notice.
        param = self.modes.config["page_param"]
        raw_page = ctx.param(param)
        page = 1
        if raw_page is not None:
            if not raw_page.isdigit() or int(raw_page) < 1:
                raise ApiError(404, {"detail": "Invalid page."})
            page = int(raw_page)
        pages = max(1, math.ceil(len(items) / size))
        if page > pages:
            raise ApiError(404, {"detail": "Invalid page."})
        chunk = items[(page - 1) * size:page * size]
        headers = {}
        if page < pages:
            headers["Link"] = '<%s>; rel="next"' % ctx.page_url(page + 1, param)
        return 200, [render(ctx, item) for item in chunk], headers

    def visible(self, ctx):
        """The companies a key can see: its own and, below it, every descendant."""
        children = collections.defaultdict(list)
        for c in self.data["companies"].values():
            if c["parent"]:
                children[c["parent"]].append(c["uuid"])
        seen = []
        todo = [ctx.key["company"]]
        while todo:
            cid = todo.pop(0)
            if cid in self.data["companies"] and cid not in seen:
                seen.append(cid)
                todo.extend(children[cid])
        return seen

    def company_of(self, ctx, cid):
        # Chosen: a company the key cannot see answers 404, as if it did not exist (DRF's
        # filtered querysets); it does not reveal which uuids exist.
        if cid not in self.data["companies"] or cid not in self.visible(ctx):
            raise not_found()
        return self.data["companies"][cid]

    def log(self, ctx, company, event, message, mac=None):
        self.state.add_log(company, event, message, ctx.now, mac=mac, ip=ctx.ip)

    def settings_for(self, stored):
        return v.render_settings(stored, self.catalogue)

    def group_rule(self, group):
        """The product group settings are checked against: None (any group) unless the mode
        product_group_check is strict; production accepts other groups' settings (contract §5)."""
        return group if self.modes.strict_groups else None

    @staticmethod
    def created(ctx, body, rel):
        """A 201 answer: the object, and `Location` with its absolute URL (contract §1), built
        here rather than read from the body, which drop_field / rename_field may have changed."""
        return 201, body, {"Location": ctx.url(rel)}

    # --- tokens (§4) -------------------------------------------------------------------------

    def render_token(self, ctx, key):
        return self.modes.shape("token", {
            "id": key["id"], "description": key["description"], "role": key["role"],
            "links": {"self": ctx.url("tokens/%s" % key["id"]),
                      # KNOWN: no trailing slash; clients append /endpoints/{mac} etc.
                      "company": ctx.url("companies/%s" % key["company"])}})

    def token_get(self, ctx, id):  # noqa: A002 (the route's placeholder name)
        key = self.data["keys"].get(id)
        if key is None or key["company"] not in self.visible(ctx):
            raise not_found()
        return 200, self.render_token(ctx, key), {}

    # --- companies (§4) ----------------------------------------------------------------------

    def render_company(self, ctx, c):
        base = "companies/%s" % c["uuid"]
        return self.modes.shape("company", {
            "uuid": c["uuid"], "name": c["name"], "type": c["type"], "parent": c["parent"],
            "country": c["country"], "city": c["city"],
            "links": {"self": ctx.url(base),
                      "endpoints": ctx.url(base + "/endpoints/"),
                      "provisioning-profiles": ctx.url(base + "/provisioning-profiles/"),
                      "product-defaults": ctx.url(base + "/product-defaults/"),
                      "users": ctx.url(base + "/users/"),
                      "logs": ctx.url(base + "/logs/")}})

    def companies_list(self, ctx):
        items = [self.data["companies"][cid] for cid in self.visible(ctx)]
        return self.paginate(ctx, items, self.render_company)

    def company_get(self, ctx, company):
        return 200, self.render_company(ctx, self.company_of(ctx, company)), {}

    def _company_fields(self, body):
        errors = {}
        name = v.string(body, "name", errors, required=True, allow_blank=False)
        country = v.string(body, "country", errors, max_length=2)
        if country and not COUNTRY.match(country):
            v.add(errors, "country", "\"%s\" is not a valid choice." % country)
        city = v.string(body, "city", errors)
        if errors:
            raise invalid(errors)
        return {"name": name, "country": country, "city": city}

    def company_create(self, ctx):
        own = self.data["companies"][ctx.key["company"]]
        if own["type"] != "reseller":
            raise ApiError(403, {"detail": FORBIDDEN})
        fields = self._company_fields(ctx.object_body())
        cid = uuidlib.uuid4().hex
        company = dict(uuid=cid, type="end_user", parent=own["uuid"], **fields)
        self.data["companies"][cid] = company
        self.log(ctx, own["uuid"], "company_created", "company %s created" % fields["name"])
        return self.created(ctx, self.render_company(ctx, company), "companies/%s" % cid)

    def company_put(self, ctx, company):
        c = self.company_of(ctx, company)
        c.update(self._company_fields(ctx.object_body()))
        self.log(ctx, c["uuid"], "company_updated", "company %s updated" % c["name"])
        return 200, self.render_company(ctx, c), {}

    def company_delete(self, ctx, company):
        c = self.company_of(ctx, company)
        if c["uuid"] == ctx.key["company"]:
            # Chosen: a key cannot delete its own company, only a child's (contract §4).
            raise ApiError(403, {"detail": FORBIDDEN})
        n = sum(1 for e in self.data["endpoints"].values() if e["company"] == company)
        if n:
            raise invalid({"non_field_errors": ["company has %d endpoints" % n]})
        kids = sum(1 for x in self.data["companies"].values() if x["parent"] == company)
        if kids:
            raise invalid({"non_field_errors": ["company has %d child companies" % kids]})
        del self.data["companies"][company]
        for table in ("profiles", "product_defaults", "users"):
            for oid in [o for o, obj in self.data[table].items() if obj["company"] == company]:
                del self.data[table][oid]
        for kid in [k for k, key in self.data["keys"].items() if key["company"] == company]:
            del self.data["keys"][kid]
        self.data["logs"][:] = [e for e in self.data["logs"] if e["company"] != company]
        self.log(ctx, c["parent"], "company_deleted", "company %s deleted" % c["name"])
        return 204, None, {}

    # --- endpoints (§8) ----------------------------------------------------------------------

    def render_endpoint(self, ctx, e):
        return self.modes.shape("endpoint", {
            "uuid": e["uuid"], "mac": e["mac"], "name": e["name"],
            "autoprovisioning_enabled": e["autoprovisioning_enabled"],
            "provisioning_profile": e["provisioning_profile"],
            "settings_manager": self.settings_for(e["settings_manager"]),
            "warranty_exp_warning_period": e["warranty_exp_warning_period"],
            "product": e["product"], "last_seen": e["last_seen"],
            "links": {"self": ctx.url("companies/%s/endpoints/%s" % (e["company"], e["mac"])),
                      "company": ctx.url("companies/%s" % e["company"])}})

    @staticmethod
    def path_mac(mac):
        # 12 hex digits in any case; any other form (separators, dots) is no route: 404.
        if not v.MAC.match(mac):
            raise not_found()
        return mac.lower()

    def endpoints_list(self, ctx, company):
        self.company_of(ctx, company)
        items = sorted((e for e in self.data["endpoints"].values() if e["company"] == company),
                       key=lambda e: e["mac"])
        return self.paginate(ctx, items, self.render_endpoint)

    def _own_endpoint(self, ctx, company, mac):
        self.company_of(ctx, company)
        mac = self.path_mac(mac)
        e = self.data["endpoints"].get(mac)
        if e is None:
            raise not_found()
        if e["company"] != company:
            raise ApiError(403, {"detail": "User lacks permission to endpoint"})
        return e

    def endpoint_get(self, ctx, company, mac):
        return 200, self.render_endpoint(ctx, self._own_endpoint(ctx, company, mac)), {}

    def endpoint_put(self, ctx, company, mac):
        self.company_of(ctx, company)
        mac = self.path_mac(mac)
        existing = self.data["endpoints"].get(mac)
        if existing is not None and existing["company"] != company:
            # Production answers either (contract §3); the mode foreign_mac picks one.
            if self.modes.config["foreign_mac"] == "403":
                raise ApiError(403, {"detail": "User lacks permission to endpoint"})
            raise invalid({"mac": ["taken_mac_or_forbidden"]})
        body = ctx.object_body()
        errors = {}
        body_mac = body.get("mac", v.MISSING)
        if body_mac is v.MISSING:
            v.add(errors, "mac", v.REQUIRED)
        elif not isinstance(body_mac, str) or body_mac.lower() != mac:
            v.add(errors, "mac", "does not match the MAC in the URL")
        profiles = {u: p for u, p in self.data["profiles"].items() if p["company"] == company}
        # Full replace: every omitted field takes its default (contract §8). Chosen defaults:
        # name "" (DRF blank CharField; null is taken as ""), autoprovisioning_enabled true.
        fields = {
            "name": v.string(body, "name", errors, default=""),
            "autoprovisioning_enabled": v.boolean(body, "autoprovisioning_enabled", errors, True),
            "provisioning_profile": v.reference(body, "provisioning_profile", errors, profiles,
                                                required=False, nullable=True),
            # Omitted: the default 3; null: stored as null, no warning (contract §8).
            "warranty_exp_warning_period": v.integer(body, "warranty_exp_warning_period",
                                                     errors, 3, minimum=0, maximum=120,
                                                     nullable=True),
        }
        profile = fields["provisioning_profile"]
        # In strict mode settings must fit the profile's product group; without a profile any
        # group is fine.
        group = profiles[profile]["product_group"] if profile else None
        fields["settings_manager"] = v.settings_manager(
            body, errors, self.catalogue, self.group_rule(group),
            current=existing["settings_manager"] if existing else None,
            keep_masked=self.modes.keep_masked)
        if errors:
            raise invalid(errors)
        if existing is None:
            e = dict(uuid=uuidlib.uuid4().hex, company=company, mac=mac, product=None,
                     last_seen=None, **fields)
            self.data["endpoints"][mac] = e
            self.log(ctx, company, "endpoint_created", "endpoint %s created" % mac, mac=mac)
            if self.call_in is not None:
                self.call_in.registered(mac, ctx.now)
            return self.created(ctx, self.render_endpoint(ctx, e),
                                "companies/%s/endpoints/%s" % (company, mac))
        existing.update(fields)
        self.log(ctx, company, "endpoint_updated", "endpoint %s updated" % mac, mac=mac)
        return 200, self.render_endpoint(ctx, existing), {}

    def endpoint_delete(self, ctx, company, mac):
        e = self._own_endpoint(ctx, company, mac)
        del self.data["endpoints"][e["mac"]]
        self.log(ctx, company, "endpoint_deleted", "endpoint %s deleted" % e["mac"], mac=e["mac"])
        return 204, None, {}

    def model_of(self, e):
        """The model a phone reports when it calls in by itself: the first of its profile's
        product group, or the catalogue's first for a phone without a profile."""
        profile = self.data["profiles"].get(e["provisioning_profile"] or "")
        group = profile["product_group"] if profile else None
        return next((p["uuid"] for p in self.catalogue.products
                     if group is None or p["product_group"] == group), None)

    def phone_contact(self, mac, product=None, ip=None, now=0.0):
        """Admin: a phone called the redirection service (sets last_seen and product)."""
        e = self.data["endpoints"].get(str(mac).lower())
        if e is None:
            raise not_found()
        if product is not None:
            found = self.catalogue.product(product)
            if found is None:
                raise invalid({"product": ["unknown product %r" % product]})
            e["product"] = found["uuid"]
        e["last_seen"] = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        self.state.add_log(e["company"], "redirect_served",
                           "phone %s called in and was redirected" % e["mac"], now,
                           mac=e["mac"], ip=ip)
        return dict(e)

    # --- provisioning profiles (§7) ----------------------------------------------------------

    def render_profile(self, ctx, p):
        return self.modes.shape("profile", {
            "uuid": p["uuid"], "name": p["name"], "product_group": p["product_group"],
            "autoprovisioning_enabled": p["autoprovisioning_enabled"],
            "settings_manager": self.settings_for(p["settings_manager"]),
            "links": {"self": ctx.url("companies/%s/provisioning-profiles/%s"
                                      % (p["company"], p["uuid"])),
                      "company": ctx.url("companies/%s" % p["company"])}})

    def profiles_list(self, ctx, company):
        self.company_of(ctx, company)
        items = [p for p in self.data["profiles"].values() if p["company"] == company]
        return self.paginate(ctx, items, self.render_profile)

    def _profile_fields(self, body, current=None):
        errors = {}
        fields = {
            "name": v.string(body, "name", errors, required=True, allow_blank=False),
            "product_group": v.reference(body, "product_group", errors,
                                         self.catalogue.pg_by_uuid),
            # Chosen default when omitted: true, like endpoints.
            "autoprovisioning_enabled": v.boolean(body, "autoprovisioning_enabled", errors, True),
        }
        if fields["product_group"]:
            fields["settings_manager"] = v.settings_manager(body, errors, self.catalogue,
                                                            self.group_rule(fields["product_group"]),
                                                            current,
                                                            keep_masked=self.modes.keep_masked)
        if errors:
            raise invalid(errors)
        return fields

    def _own_profile(self, ctx, company, profile):
        self.company_of(ctx, company)
        p = self.data["profiles"].get(profile)
        if p is None or p["company"] != company:
            raise not_found()
        return p

    def profile_create(self, ctx, company):
        self.company_of(ctx, company)
        fields = self._profile_fields(ctx.object_body())
        pid = uuidlib.uuid4().hex
        p = dict(uuid=pid, company=company, **fields)
        self.data["profiles"][pid] = p
        self.log(ctx, company, "profile_created", "profile %s created" % p["name"])
        return self.created(ctx, self.render_profile(ctx, p),
                            "companies/%s/provisioning-profiles/%s" % (company, pid))

    def profile_get(self, ctx, company, profile):
        return 200, self.render_profile(ctx, self._own_profile(ctx, company, profile)), {}

    def profile_put(self, ctx, company, profile):
        p = self._own_profile(ctx, company, profile)
        p.update(self._profile_fields(ctx.object_body(), p["settings_manager"]))
        self.log(ctx, company, "profile_updated", "profile %s updated" % p["name"])
        return 200, self.render_profile(ctx, p), {}

    def profile_delete(self, ctx, company, profile):
        p = self._own_profile(ctx, company, profile)
        n = sum(1 for e in self.data["endpoints"].values()
                if e["provisioning_profile"] == p["uuid"])
        if n:
            raise invalid({"non_field_errors": [
                "provisioning profile is in use by %d endpoints" % n]})
        del self.data["profiles"][p["uuid"]]
        self.log(ctx, company, "profile_deleted", "profile %s deleted" % p["name"])
        return 204, None, {}

    # --- product defaults (§9) ---------------------------------------------------------------

    def render_default(self, ctx, d):
        return self.modes.shape("product_default", {
            "uuid": d["uuid"], "product": d["product"],
            "settings_manager": self.settings_for(d["settings_manager"]),
            "links": {"self": ctx.url("companies/%s/product-defaults/%s"
                                      % (d["company"], d["uuid"]))}})

    def defaults_list(self, ctx, company):
        self.company_of(ctx, company)
        items = [d for d in self.data["product_defaults"].values() if d["company"] == company]
        return self.paginate(ctx, items, self.render_default)

    def _default_fields(self, body, company, current=None):
        errors = {}
        product = v.reference(body, "product", errors, self.catalogue.product_by_uuid)
        settings = {}
        if product:
            taken = any(d["company"] == company and d["product"] == product
                        and d["uuid"] != current
                        for d in self.data["product_defaults"].values())
            if taken:
                v.add(errors, "product", "product default for this product already exists")
            group = self.catalogue.product_by_uuid[product]["product_group"]
            stored = self.data["product_defaults"][current]["settings_manager"] if current \
                else None
            settings = v.settings_manager(body, errors, self.catalogue, self.group_rule(group),
                                          stored,
                                          keep_masked=self.modes.keep_masked)
        if errors:
            raise invalid(errors)
        return {"product": product, "settings_manager": settings}

    def _own_default(self, ctx, company, oid):
        self.company_of(ctx, company)
        d = self.data["product_defaults"].get(oid)
        if d is None or d["company"] != company:
            raise not_found()
        return d

    def _product_name(self, uuid):
        return self.catalogue.product_by_uuid[uuid]["name"]

    def default_create(self, ctx, company):
        self.company_of(ctx, company)
        fields = self._default_fields(ctx.object_body(), company)
        oid = uuidlib.uuid4().hex
        d = dict(uuid=oid, company=company, **fields)
        self.data["product_defaults"][oid] = d
        self.log(ctx, company, "product_default_created",
                 "product default for %s created" % self._product_name(d["product"]))
        return self.created(ctx, self.render_default(ctx, d),
                            "companies/%s/product-defaults/%s" % (company, oid))

    def default_get(self, ctx, company, product_default):
        return 200, self.render_default(ctx, self._own_default(ctx, company, product_default)), {}

    def default_put(self, ctx, company, product_default):
        d = self._own_default(ctx, company, product_default)
        d.update(self._default_fields(ctx.object_body(), company, current=d["uuid"]))
        self.log(ctx, company, "product_default_updated",
                 "product default for %s updated" % self._product_name(d["product"]))
        return 200, self.render_default(ctx, d), {}

    def default_delete(self, ctx, company, product_default):
        d = self._own_default(ctx, company, product_default)
        del self.data["product_defaults"][d["uuid"]]
        self.log(ctx, company, "product_default_deleted",
                 "product default for %s deleted" % self._product_name(d["product"]))
        return 204, None, {}

    # --- users (§10) -------------------------------------------------------------------------

    def render_user(self, ctx, u):
        return self.modes.shape("user", {
            "uuid": u["uuid"], "email": u["email"], "first_name": u["first_name"],
            "last_name": u["last_name"], "role": u["role"], "language": u["language"],
            "is_active": u["is_active"],
            "links": {"self": ctx.url("companies/%s/users/%s" % (u["company"], u["uuid"]))}})

    def users_list(self, ctx, company):
        self.company_of(ctx, company)
        items = [u for u in self.data["users"].values() if u["company"] == company]
        return self.paginate(ctx, items, self.render_user)

    def _user_fields(self, body, company, current=None):
        errors = {}
        email = v.string(body, "email", errors, required=True, allow_blank=False, max_length=254)
        if email and not v.EMAIL.match(email):
            v.add(errors, "email", "Enter a valid email address.")
        elif email and any(u["company"] == company and u["email"].lower() == email.lower()
                           and u["uuid"] != current for u in self.data["users"].values()):
            v.add(errors, "email", "user with this email already exists")
        fields = {
            "email": email,
            "first_name": v.string(body, "first_name", errors, max_length=150),
            "last_name": v.string(body, "last_name", errors, max_length=150),
            # Chosen defaults: the least privileged role, English, active.
            "role": v.choice(body, "role", errors, USER_ROLES, "viewer"),
            "language": v.choice(body, "language", errors, USER_LANGUAGES, "en"),
            "is_active": v.boolean(body, "is_active", errors, True),
        }
        if errors:
            raise invalid(errors)
        return fields

    def _own_user(self, ctx, company, user):
        self.company_of(ctx, company)
        u = self.data["users"].get(user)
        if u is None or u["company"] != company:
            raise not_found()
        return u

    def user_create(self, ctx, company):
        self.company_of(ctx, company)
        fields = self._user_fields(ctx.object_body(), company)
        uid = uuidlib.uuid4().hex
        u = dict(uuid=uid, company=company, **fields)
        self.data["users"][uid] = u
        self.log(ctx, company, "user_created", "user %s created" % u["email"])
        return self.created(ctx, self.render_user(ctx, u), "companies/%s/users/%s" % (company, uid))

    def user_get(self, ctx, company, user):
        return 200, self.render_user(ctx, self._own_user(ctx, company, user)), {}

    def user_put(self, ctx, company, user):
        u = self._own_user(ctx, company, user)
        u.update(self._user_fields(ctx.object_body(), company, current=u["uuid"]))
        self.log(ctx, company, "user_updated", "user %s updated" % u["email"])
        return 200, self.render_user(ctx, u), {}

    def user_delete(self, ctx, company, user):
        u = self._own_user(ctx, company, user)
        del self.data["users"][u["uuid"]]
        self.log(ctx, company, "user_deleted", "user %s deleted" % u["email"])
        return 204, None, {}

    # --- logs (§11) --------------------------------------------------------------------------

    def render_log(self, ctx, entry):
        return self.modes.shape("log", {k: entry[k] for k in ("uuid", "timestamp", "mac", "event",
                                                              "message", "ip")})

    @staticmethod
    def _time_filter(ctx, name, errors):
        raw = ctx.param(name)
        if not raw:
            return None
        try:
            when = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            v.add(errors, name, "Enter a valid date/time.")
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return when

    def logs_list(self, ctx, company):
        self.company_of(ctx, company)
        errors = {}
        since = self._time_filter(ctx, "since", errors)
        until = self._time_filter(ctx, "until", errors)
        if errors:
            raise invalid(errors)
        mac = re.sub(r"[^0-9a-f]", "", (ctx.param("mac") or "").lower())
        event = ctx.param("event")
        items = []
        for entry in reversed(self.data["logs"]):  # newest first
            if entry["company"] != company:
                continue
            if mac and entry["mac"] != mac:
                continue
            if event and entry["event"] != event:
                continue
            if since or until:
                when = datetime.datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00"))
                if (since and when < since) or (until and when > until):
                    continue
            items.append(entry)
        return self.paginate(ctx, items, self.render_log)

    # --- catalogues (§5) ---------------------------------------------------------------------

    def _profile_counts(self):
        counts = collections.Counter()
        for p in self.data["profiles"].values():
            counts.update(p["settings_manager"].keys())
        return counts

    def render_setting(self, ctx, s, counts=None):
        out = {k: s[k] for k in ("uuid", "name", "param_name", "description", "field_type",
                                 "default_value", "choices", "group", "section", "product_groups",
                                 "multiple", "fkey", "sortable", "uses_permissions", "attrs")}
        # Production's count (the setting_server pair) plus this simulator's own profiles.
        out["no_profiles"] = s["no_profiles_base"] + \
            (counts if counts is not None else self._profile_counts())[s["uuid"]]
        out["indexed"] = dict(s["indexed"])
        out["product_groups"] = list(s["product_groups"])
        out["choices"] = list(s["choices"]) if s["choices"] is not None else None
        out["attrs"] = list(s["attrs"])
        out["links"] = {"self": ctx.url("settings/%s" % s["uuid"]),
                        "group": ctx.url("setting-groups/%s" % s["group"])}
        return self.modes.shape("setting", out)

    def settings_list(self, ctx):
        counts = self._profile_counts()
        return self.paginate(ctx, self.catalogue.settings,
                             lambda c, s: self.render_setting(c, s, counts))

    def setting_get(self, ctx, setting):
        s = self.catalogue.setting_by_uuid.get(setting)
        if s is None:
            raise not_found()
        return 200, self.render_setting(ctx, s), {}

    def render_setting_group(self, ctx, g):
        # ASSUMED shape (contract §5): {uuid, name, links}.
        return self.modes.shape("setting_group", {
            "uuid": g["uuid"], "name": g["name"],
            "links": {"self": ctx.url("setting-groups/%s" % g["uuid"])}})

    def setting_groups_list(self, ctx):
        return self.paginate(ctx, self.catalogue.setting_groups, self.render_setting_group)

    def setting_group_get(self, ctx, setting_group):
        g = self.catalogue.group_by_uuid.get(setting_group)
        if g is None:
            raise not_found()
        return 200, self.render_setting_group(ctx, g), {}

    def render_product_group(self, ctx, g):
        return self.modes.shape("product_group", {
            "uuid": g["uuid"], "name": g["name"], "description": g["description"],
            "links": {"self": ctx.url("product-groups/%s" % g["uuid"])}})

    def product_groups_list(self, ctx):
        return self.paginate(ctx, self.catalogue.product_groups, self.render_product_group)

    def product_group_get(self, ctx, product_group):
        g = self.catalogue.pg_by_uuid.get(product_group)
        if g is None:
            raise not_found()
        return 200, self.render_product_group(ctx, g), {}

    def render_product(self, ctx, p):
        return self.modes.shape("product", {
            "uuid": p["uuid"], "name": p["name"], "product_group": p["product_group"],
            "links": {"self": ctx.url("products/%s" % p["uuid"])}})

    def products_list(self, ctx):
        return self.paginate(ctx, self.catalogue.products, self.render_product)

    def product_get(self, ctx, product):
        p = self.catalogue.product_by_uuid.get(product)
        if p is None:
            raise not_found()
        return 200, self.render_product(ctx, p), {}
