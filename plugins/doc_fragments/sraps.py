# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):

    # The connection options; plugins/module_utils/_sraps_module.py sraps_argument_spec() matches them.
    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the SRAPS REST API, ending in C(/api/v1/).
      - The older host C(https://secure-provisioning.snom.com/api/v1/) serves the same API.
      - If not set, the environment variable E(SRAPS_API_URL) is used.
    type: str
    default: https://api.sraps.snom.com/api/v1/
  access_key_id:
    description:
      - Id of the SRAPS API access key (C(ck_) followed by 32 hex digits).
      - If not set, the environment variable E(SRAPS_ACCESS_KEY_ID) is used.
    type: str
    required: true
  access_key_secret:
    description:
      - Secret of the API access key. Requests are signed with it (Hawk, SHA-256); it is never sent.
      - If not set, the environment variable E(SRAPS_ACCESS_KEY_SECRET) is used.
    type: str
    required: true
  company:
    description:
      - The company to act on, by name or uuid.
      - If omitted, the company the access key belongs to.
      - A reseller key may name one of its end-user companies.
      - If not set, the environment variable E(SRAPS_COMPANY) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Set to V(false) only for testing.
      - If not set, the environment variable E(SRAPS_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a CA bundle (PEM) to verify the server's certificate with, instead of the system's.
      - If not set, the environment variable E(SRAPS_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: int
    default: 30
  retries:
    description:
      - How often a request is retried after HTTP 429, 502, 503, 504 or a connection error, with
        exponential backoff and jitter, honouring C(Retry-After).
      - A POST is retried only when the server cannot have processed it (429, 503, connection refused).
      - Each retry is reported as a warning.
    type: int
    default: 5
  api_version:
    description:
      - API version to ask for in the C(Accept) header, for example V(1).
      - If omitted, no version is sent and the server answers with version 1.
    type: str
  planned_company:
    description:
      - Only for check mode. If V(true) and O(company) names a company that does not exist yet, the
        module plans as if that company existed and were empty, with a warning, instead of failing.
      - Use it for tasks that follow the creation of the company in the same play, so that a dry run of
        a new customer shows everything it would create. The roles of this collection set it.
      - In a real run the company must exist.
    type: bool
    default: false
  cache_ttl:
    description:
      - Seconds for which read-only lookups are kept in a private file and shared by the following
        tasks, so that each task of a play does not read them again.
      - If not set, the global catalogues (the settings catalogue, the product groups and the
        products) are shared for 60 seconds; which company O(company) stands for is read by each task.
      - A positive number keeps the catalogues and which company O(company) (or the access key) stands
        for that many seconds. V(0) keeps nothing, every task reads everything itself.
      - Never kept are phones, profiles, users or anything else a play changes.
      - A setting, product or product group name (or a setting uuid) missing from a catalogue taken
        from the file makes the task read that catalogue again from SRAPS, once, before it reports the
        name as unknown; so a catalogue that grew since it was kept never turns a valid name into an
        error.
      - The file is per API URL and access key (its name is derived with the key's secret, so another
        key never finds it), in a directory only the user running the module may use, with mode
        C(0600), and holds no secret. Creating, changing or deleting a company through the module
        forgets the company lookups.
      - A short time such as V(300) covers a play. Something changed outside the play, such as a
        company renamed or deleted by someone else, may be seen up to that many seconds late.
    type: int
  async_timeout:
    description:
      - Seconds to wait for a write that SRAPS answers with HTTP 202, which means it will carry the write out
        asynchronously. The object is read back, with pauses growing from a quarter of a second to five
        seconds, until it shows the write; it then counts as changed and is returned as read.
      - A write that does not show within this time fails, naming the object; in a bulk task of
        M(sraps.provisioning.sraps_endpoint) only those phones fail, listed in its C(failures). SRAPS may
        still carry the write out later, and a re-run converges.
      - The phones of one bulk task share one wait, read back together once all writes are sent.
      - V(0) reads back once, right away.
    type: int
    default: 60
    version_added: 0.2.0
  masked_secrets:
    description:
      - What to do when a phone, profile or product default must be written and it holds a password
        setting (such as C(user_pass)) whose value the task does not give.
      - SRAPS reads password values back masked (C(********)), and every write replaces the whole object,
        so such a write could only send the mask back. Whether SRAPS then keeps the stored password or
        stores the eight asterisks as the new one is not known. If it stores them, the phone's lines stop
        registering with the PBX, and every later read still shows the mask, so nobody notices.
      - V(refuse) (the default) writes no such object. The task fails for it, naming the object and the
        settings, before anything is sent; in a bulk task of M(sraps.provisioning.sraps_endpoint) only
        those phones fail and the others are written. Give the passwords' values in their C(settings)
        (from vault or the environment) to write the object.
      - V(server_keeps) sends the mask back. Choose it only if you know that your SRAPS account keeps a
        password sent back masked; you take that on your own knowledge of the account.
      - A password whose value the task gives is always sent with that value, never as the mask.
      - If not set, the environment variable E(SRAPS_MASKED_SECRETS) is used.
    type: str
    choices: [refuse, server_keeps]
    default: refuse
    version_added: 0.2.0
requirements:
  - requests
  - mohawk
notes:
  - The modules talk to SRAPS from the host that runs them, usually C(localhost).
  - "All modules of this collection are in the action group C(sraps.provisioning.sraps):
    set the connection options once with C(module_defaults: group/sraps.provisioning.sraps)."
attributes:
  action_group:
    description: Use C(group/sraps.provisioning.sraps) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - sraps.provisioning.sraps
  check_mode:
    description: Can run in check mode and predict the changes without writing anything.
  diff_mode:
    description: Returns what changed (or would change in check mode) when in diff mode.
'''

    # Attributes of the read-only _info modules.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads.
  diff_mode:
    support: N/A
    details:
      - This module only reads.
'''

    # The settings options of the modules that write settings (profiles, product defaults, phones);
    # _sraps_resources.SettingsKind and sraps_endpoint's argument spec match them.
    SETTINGS = r'''
options:
  settings:
    description:
      - Settings, a map from a setting's C(param_name) to its value.
      - Where the catalogue has two settings with one C(param_name) (such as C(setting_server)), the one
        SRAPS lists for the product group of the object (the profile's, the model's, the phone's profile's) is
        taken, else the one in section C(phone-settings); write C(section:param_name) or the setting's uuid to
        choose another. More than one left fails, listing them.
      - A setting whose catalogue entry SRAPS does not list for the object's product group is written, with a
        warning that names the entry and the groups SRAPS lists for it (once per setting and group, also for
        many phones) - SRAPS accepts such writes. If a SRAPS refuses one (HTTP 400), the task fails naming the
        setting as written, the entry and the product group; in a bulk phone task, only those phones fail.
      - A value is a string, a number (written as digits) or a boolean (written as C(on) or C(off), as Snom
        phones expect); or a dict with C(value) and C(perm) (V(RW) the phone user may change it, V(R)
        read-only, empty for the default).
      - For indexed settings such as C(user_realname), a map from index (1, 2, ...) to a value or a dict;
        a plain value sets index 1.
      - V(null) removes a setting. C({mac}) in a value is kept as written; the phone expands it.
      - Settings you do not name keep their values, unless O(purge_settings=true).
      - Values of password settings are never shown; see O(update_password).
      - M(sraps.provisioning.sraps_setting_info) lists the settings, their types and choices.
    type: dict
  purge_settings:
    description:
      - If V(true), the settings (of each phone, for phones) become exactly the ones given in O(settings);
        others are removed.
      - Only applies when O(settings) is given; O(settings) set to an empty dict with it removes every
        setting. Without O(settings), nothing is removed.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) writes a password setting only when the object (the profile, the product default,
        the phone) does not have it yet; SRAPS never shows stored passwords, so a stored one counts as
        unchanged and is no reason to write.
      - Whenever the object is written (for any change), every password setting given in O(settings) is
        sent with its value, never as the mask SRAPS reads back; see O(masked_secrets) for those not given.
      - V(always) sends password settings on every run; the task then always reports a change for them.
    type: str
    choices: [always, on_create]
    default: on_create
'''

    # The state option, check and diff mode of the modules that write one object (company, user, profile,
    # product default); _sraps_resources.Kind.argument_spec() matches them.
    OBJECT_MODULE = r'''
options:
  state:
    description:
      - V(present) creates or updates the object; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
attributes:
  check_mode:
    support: full
    details:
      - Reads what a real run reads and predicts the same result and diff, without writing.
  diff_mode:
    support: full
    details:
      - Shows the object before and after in the module's option names. Password values are masked; one
        that the task writes is marked C(new value).
notes:
  - The object is returned as SRAPS holds it after the task, also when nothing changed. In check mode it is
    the object as it would be; one about to be created has no uuid yet.
'''
