"""The global, read-only catalogues: product groups, products and settings (contract §5).

Everything here is derived from fixed names with uuid5, so a setting, product or product group has
the same uuid in every run, for every catalogue size, and in every saved state file.
"""

import uuid

# One fixed namespace for every deterministic uuid the simulator makes (catalogue and seed).
NAMESPACE = uuid.UUID("6f0c4b52-8a55-4d47-9d3e-2b1f3c9a7e10")


def make_uuid(kind, name):
    """A stable 32-hex id for an object of `kind` called `name`."""
    return uuid.uuid5(NAMESPACE, "%s:%s" % (kind, name)).hex


PRODUCT_GROUPS = [
    ("C-Series", "Conference phones"),
    ("D-Series", "Desk phones"),
    ("M-Series", "DECT base stations and handsets"),
    ("MSC-Series", "DECT multicell controllers"),
]

PRODUCTS = [
    ("D120", "D-Series"), ("D385", "D-Series"), ("D713", "D-Series"), ("D717", "D-Series"),
    ("D735", "D-Series"), ("D785", "D-Series"), ("D862", "D-Series"), ("D865", "D-Series"),
    ("M300", "M-Series"), ("M400", "M-Series"), ("M500", "M-Series"), ("M900", "M-Series"),
    ("C520", "C-Series"), ("C620", "C-Series"),
]

ALL = ("C-Series", "D-Series", "M-Series", "MSC-Series")
PHONES = ("C-Series", "D-Series", "M-Series")
DESK = ("C-Series", "D-Series")

LANGUAGES = ["English", "English(UK)", "Deutsch", "Français", "Italiano", "Español", "Nederlands",
             "Dansk", "Svenska", "Norsk", "Suomi", "Čeština", "Polski", "Português", "Türkçe"]
TIMEZONES = ["GBR-0", "POR-0", "GER+1", "FRA+1", "ITA+1", "ESP+1", "NLD+1", "CHE+1", "AUT+1",
             "SWE+1", "POL+1", "GRC+2", "FIN+2", "TUR+3", "RUS+3", "UAE+4", "IND+5.5", "CHN+8",
             "JPN+9", "AUS+10", "NZL+12", "USA-5", "USA-6", "USA-7", "USA-8", "CAN-3.5", "BRA-3"]
TONE_SCHEMES = ["GER", "USA", "GBR", "FRA", "ITA", "ESP", "NLD", "SWE", "SWI", "AUT", "AUS", "JPN"]
RINGERS = ["Ringer%d" % i for i in range(1, 11)] + ["Silent", "Custom"]

# Indexed shapes: (start, default_size, max_size). Line settings follow the D785 (12 identities).
LINES = (1, 1, 12)
FKEYS = (1, 12, 144)


# What production shows for a setting that is not indexed (the setting_server dump); every
# non-indexed setting here carries it, so clients must look at `enabled`, not at the sizes.
PRODUCTION_UNINDEXED = (False, 0, 4, 0)


def _s(param_name, section, name, field_type, default=None, choices=None, group="Preferences",
       product_groups=ALL, indexed=None, uses_permissions=False, fkey=False, sortable=False,
       description="", no_profiles=0):
    """One catalogue entry. default None: no default (the API shows null, contract section 5).
    no_profiles: profiles of production that use it; the API adds this simulator's own."""
    return {
        "param_name": param_name, "section": section, "name": name, "field_type": field_type,
        "default_value": default, "choices": choices, "group": group,
        "product_groups": product_groups, "indexed": indexed, "uses_permissions": uses_permissions,
        "fkey": fkey, "sortable": sortable, "description": description,
        "no_profiles_base": no_profiles,
    }


PS = "phone-settings"

# The real-looking catalogue, in the order `settings/` lists it. The two `setting_server` entries
# are those of a production dump (contract section 5): among the first 20 entries, the global one
# first, both with the production values of no_profiles and indexed. The global entry lists the
# M-Series (the dump shows one group other than the D-Series; which one is not known).
REAL_SETTINGS = [
    _s("setting_server", "global", "Setting Server URL", "url", default=None,
       group="Provisioning", product_groups=("M-Series",), description=None,
       indexed=PRODUCTION_UNINDEXED, no_profiles=164),
    _s("setting_server", PS, "Setting Server", "text", group="Provisioning",
       product_groups=("D-Series",), uses_permissions=True,
       description="Setting Server for Desk phones", indexed=PRODUCTION_UNINDEXED,
       no_profiles=3189),
    _s("language", PS, "Phone language", "choice", "English", LANGUAGES, product_groups=PHONES,
       uses_permissions=True, description="Language of the phone display."),
    _s("web_language", PS, "Web interface language", "choice", "English", LANGUAGES,
       uses_permissions=True, description="Language of the phone's web interface."),
    _s("timezone", PS, "Time zone", "choice", "GBR-0", TIMEZONES, group="Time",
       uses_permissions=True, description="Time zone and daylight saving rules."),
    _s("ntp_server", PS, "NTP server", "text", "pool.ntp.org", group="Time",
       uses_permissions=True, description="Host name or address of the time server."),
    _s("ntp_refresh_timer", PS, "NTP refresh timer", "int", "3600", group="Time",
       description="Seconds between two time synchronisations."),
    _s("update_policy", PS, "Update policy", "choice", "auto_update",
       ["auto_update", "ask_for_update", "never_update_firm", "never_update_boot", "settings_only"],
       group="Provisioning", product_groups=DESK, description="How the phone treats new firmware."),
    _s("firmware_status", PS, "Firmware status URL", "url", group="Provisioning",
       product_groups=DESK, description="URL of the firmware status file."),
    _s("settings_refresh_timer", PS, "Settings refresh timer", "int", "0", group="Provisioning",
       product_groups=PHONES, description="Seconds between two provisioning polls (0: never)."),
    _s("admin_mode_password", PS, "Administrator password", "password", "0000", group="Security",
       product_groups=DESK, description="Password of the administrator menu on the phone."),
    _s("http_user", PS, "Web user name", "text", group="Security",
       description="User name for the phone's web interface."),
    _s("http_pass", PS, "Web password", "password", group="Security",
       description="Password for the phone's web interface."),
    _s("http_scheme", PS, "HTTP authentication scheme", "choice", "on", ["off", "on"],
       group="Security", product_groups=DESK, description="off: Basic, on: Digest."),
    _s("webserver_type", PS, "Web server type", "choice", "http_https",
       ["http_https", "https", "http", "off"], group="Security", product_groups=DESK,
       description="Which protocols the phone's web server answers."),
    _s("dkey_directory", PS, "Directory key", "text", "keyevent F_DIRECTORY_SEARCH",
       group="Keys", product_groups=DESK, uses_permissions=True,
       description="Action of the directory key."),
    _s("dkey_redial", PS, "Redial key", "text", "keyevent F_REDIAL", group="Keys",
       product_groups=("D-Series",), uses_permissions=True, description="Action of the redial key."),
    _s("tone_scheme", PS, "Tone scheme", "choice", "GER", TONE_SCHEMES, product_groups=PHONES,
       uses_permissions=True, description="Country specific call progress tones."),
    _s("date_us_format", PS, "US date format", "bool", "off", product_groups=PHONES,
       uses_permissions=True, description="Show dates as month/day."),
    _s("time_24_format", PS, "24 hour clock", "bool", "on", product_groups=PHONES,
       uses_permissions=True, description="Show the time in 24 hour format."),
    _s("display_method", PS, "Caller display", "choice", "full_contact",
       ["full_contact", "display_name", "display_number", "display_name_number",
        "display_number_name"], product_groups=("D-Series",), uses_permissions=True,
       description="How a caller is shown on the display."),
    _s("vlan_id", PS, "VLAN id", "int", "0", group="Network", description="802.1Q VLAN id (0: none)."),
    _s("vlan_prio", PS, "VLAN priority", "int", "0", group="Network",
       description="802.1p priority of the phone's traffic."),
    _s("dhcp", PS, "DHCP", "bool", "on", group="Network", description="Get the address by DHCP."),
    _s("ip_adr", PS, "IP address", "text", group="Network", description="Static address."),
    _s("netmask", PS, "Netmask", "text", group="Network", description="Static netmask."),
    _s("gateway", PS, "Gateway", "text", group="Network", description="Static default gateway."),
    _s("dns_server1", PS, "DNS server 1", "text", group="Network", description="First DNS server."),
    _s("dns_server2", PS, "DNS server 2", "text", group="Network", description="Second DNS server."),
    _s("syslog_server", PS, "Syslog server", "text", group="Diagnostics",
       description="Host that receives the phone's syslog."),
    _s("log_level", PS, "Log level", "choice", "5", [str(i) for i in range(10)],
       group="Diagnostics", description="Verbosity of the phone's log."),
    _s("phone_name", PS, "Phone name", "text", description="Name shown in the web interface."),
    _s("user_active", PS, "Identity active", "bool", "off", group="Identity",
       product_groups=PHONES, indexed=LINES, uses_permissions=True,
       description="Whether the identity (line) is active."),
    _s("user_realname", PS, "Display name", "text", group="Identity", product_groups=PHONES,
       indexed=LINES, uses_permissions=True, description="Name shown for the identity."),
    _s("user_name", PS, "Account", "text", group="Identity", product_groups=PHONES, indexed=LINES,
       uses_permissions=True, description="SIP user name of the identity."),
    _s("user_host", PS, "Registrar", "text", group="Identity", product_groups=PHONES,
       indexed=LINES, uses_permissions=True, description="SIP registrar of the identity."),
    _s("user_pass", PS, "Password", "password", group="Identity", product_groups=PHONES,
       indexed=LINES, uses_permissions=True, description="SIP password of the identity."),
    _s("user_outbound", PS, "Outbound proxy", "text", group="Identity", product_groups=PHONES,
       indexed=LINES, uses_permissions=True, description="Outbound proxy of the identity."),
    _s("user_mailbox", PS, "Mailbox", "text", group="Identity", product_groups=PHONES,
       indexed=LINES, uses_permissions=True, description="Voice mail number of the identity."),
    _s("user_ringer", PS, "Ring tone", "choice", "Ringer1", RINGERS, group="Identity",
       product_groups=PHONES, indexed=LINES, uses_permissions=True,
       description="Ring tone of the identity."),
    _s("user_expiry", PS, "Registration expiry", "int", "3600", group="Identity",
       product_groups=PHONES, indexed=LINES, description="Seconds a registration lasts."),
    _s("fkey", "functionKeys", "Function key", "text", "line", group="Keys",
       product_groups=("D-Series",), indexed=FKEYS, uses_permissions=True, fkey=True,
       sortable=True, description="Function of a programmable key (D-Series only)."),
    _s("backlight", PS, "Backlight", "int", "10", product_groups=("D-Series",),
       uses_permissions=True, description="Display backlight level when active (D-Series only)."),
    _s("keyboard_lock", PS, "Keyboard lock", "bool", "off", group="Security", product_groups=DESK,
       description="Lock the keypad."),
    _s("keyboard_lock_pw", PS, "Keyboard lock password", "password", group="Security",
       product_groups=DESK, description="Password that unlocks the keypad."),
    _s("ldap_server", PS, "LDAP server", "text", group="Directory", product_groups=DESK,
       description="Host of the LDAP directory."),
    _s("ldap_port", PS, "LDAP port", "int", "389", group="Directory", product_groups=DESK,
       description="Port of the LDAP directory."),
    _s("ldap_base", PS, "LDAP base", "text", group="Directory", product_groups=DESK,
       description="Search base of the LDAP directory."),
    _s("ldap_username", PS, "LDAP user", "text", group="Directory", product_groups=DESK,
       description="Bind user of the LDAP directory."),
    _s("ldap_password", PS, "LDAP password", "password", group="Directory", product_groups=DESK,
       description="Bind password of the LDAP directory."),
    _s("conference_tone", PS, "Conference tone", "bool", "on", product_groups=("C-Series",),
       description="Play a tone when a party joins (C-Series only)."),
    _s("multicell_enabled", PS, "Multicell", "bool", "off", group="DECT",
       product_groups=("M-Series",), description="Join a DECT multicell system (M-Series only)."),
    _s("multicell_chain_id", PS, "Multicell chain id", "int", "1", group="DECT",
       product_groups=("M-Series", "MSC-Series"), description="Id of the multicell chain."),
    _s("msc_cluster_name", PS, "Cluster name", "text", group="DECT",
       product_groups=("MSC-Series",), description="Name of the multicell cluster."),
]

# With a catalogue larger than one page of 1000, these real settings are moved to the very end, so
# a client that does not follow `next` past the first 1000 entries misses them.
LATE_SETTINGS = ("ntp_server", "tone_scheme", "ldap_server")


class Catalogue:
    """Product groups, products and settings, with lookups by uuid and by name."""

    def __init__(self, size=None):
        self.product_groups = [
            {"uuid": make_uuid("product-group", name), "name": name, "description": desc}
            for name, desc in PRODUCT_GROUPS]
        self.pg_by_uuid = {g["uuid"]: g for g in self.product_groups}
        self.pg_by_name = {g["name"]: g for g in self.product_groups}
        self.products = [
            {"uuid": make_uuid("product", name), "name": name,
             "product_group": self.pg_by_name[group]["uuid"]}
            for name, group in PRODUCTS]
        self.product_by_uuid = {p["uuid"]: p for p in self.products}
        self.product_by_name = {p["name"]: p for p in self.products}
        # Setting groups, in the order settings first name them (uuid5 of the name).
        self.setting_groups = []
        self.group_by_name = {}
        self.group_by_uuid = {}
        self.settings = self._build_settings(size)
        self.setting_by_uuid = {s["uuid"]: s for s in self.settings}
        self.size = len(self.settings)

    def _setting(self, spec):
        entry = dict(spec)
        indexed = spec["indexed"] or PRODUCTION_UNINDEXED
        entry["uuid"] = make_uuid("setting", "%s/%s" % (spec["section"], spec["param_name"]))
        entry["product_groups"] = [self.pg_by_name[g]["uuid"] for g in spec["product_groups"]]
        enabled = len(indexed) == 3
        entry["multiple"] = enabled
        entry["attrs"] = ["perm"] if spec["uses_permissions"] else []
        if enabled:
            entry["indexed"] = {"enabled": True, "start": indexed[0], "default_size": indexed[1],
                                "max_size": indexed[2]}
        else:
            entry["indexed"] = dict(zip(("enabled", "start", "default_size", "max_size"), indexed))
        group = self.group_by_name.get(spec["group"])
        if group is None:
            group = {"uuid": make_uuid("setting-group", spec["group"]), "name": spec["group"]}
            self.setting_groups.append(group)
            self.group_by_name[group["name"]] = group
            self.group_by_uuid[group["uuid"]] = group
        entry["group"] = group["uuid"]
        return entry

    def _build_settings(self, size):
        real = [self._setting(spec) for spec in REAL_SETTINGS]
        if not size or size <= len(real):
            return real
        late = []
        if size > 1000:
            late = [s for s in real if s["param_name"] in LATE_SETTINGS]
            real = [s for s in real if s["param_name"] not in LATE_SETTINGS]
        fillers = []
        for i in range(1, size - len(real) - len(late) + 1):
            fillers.append(self._setting(_s(
                "x_filler_%04d" % i, PS, "Filler setting %d" % i, "text", group="Filler",
                description="Padding so the catalogue has the size of production's.")))
        return real + fillers + late

    def product_group(self, ref):
        """Find a product group by uuid or name (None when unknown)."""
        return self.pg_by_uuid.get(ref) or self.pg_by_name.get(ref)

    def product(self, ref):
        """Find a product by uuid or model name (None when unknown)."""
        return self.product_by_uuid.get(ref) or self.product_by_name.get(ref)

    def resolve_setting(self, ref, product_group=None):
        """A setting uuid for a uuid or a param_name; used for seed files, not by the API.

        Disambiguates like a careful client: by product group, then section phone-settings.

        """
        if ref in self.setting_by_uuid:
            return ref
        candidates = [s for s in self.settings if s["param_name"] == ref]
        if product_group:
            # Entries that list the group first; none listing it is no error (production
            # accepts such a setting), the section preference then decides.
            candidates = [s for s in candidates if product_group in s["product_groups"]] \
                or candidates
        if len(candidates) > 1:
            candidates = [s for s in candidates if s["section"] == PS] or candidates
        if len(candidates) != 1:
            raise ValueError("setting %r: %d candidates" % (ref, len(candidates)))
        return candidates[0]["uuid"]
