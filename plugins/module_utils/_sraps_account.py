# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsAccount: one SRAPS account as a module sees it, over the transport (SrapsClient).

PRIVATE to this collection: not a public API, it may change in any release.

The transport knows requests; the account knows what they mean for this account:

- which company the task acts in (the company option: a uuid, a name, or the key's own company),
  resolved once, by the rule of _sraps_match.resolve;
- a company that check mode plans to create (planned_company): its collections read as empty;
- the cache policy: collections read once per run; the global catalogues kept between runs in
  the FileCache (by default for DEFAULT_CATALOGUE_TTL seconds), the company lookups too with a
  positive cache_ttl (forgotten after a company is written); a catalogue that came from the cache
  is read afresh once when a name is missing from it (refresh_list);
- how long to wait for a write SRAPS answered 202 (async_timeout): wait_for() polls with backoff;
  what a read must show is the caller's (the resource layer knows what it sent).

Its verbs (get, list, create, put, delete) are the client's, with the company filled in.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import (
    SrapsApiError, SrapsInputError)
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import UUID_RE, resolve, uuid_form

# Global, read-only collections that the FileCache keeps between module runs.
SHARED_LISTS = ('settings', 'product_groups', 'products')
# Seconds the global catalogues are kept when cache_ttl is not set (0: no cache; N: N seconds, and the
# company lookups as well).
DEFAULT_CATALOGUE_TTL = 60
COMPANY_RESOURCES = ('companies', 'company')
# Polls after a 202: the first soon (SRAPS said the action is under way), then doubling up to a cap so
# that a minute's wait costs about twenty reads, not hundreds.
ASYNC_FIRST_POLL = 0.25
ASYNC_MAX_POLL = 5.0
ASYNC_STATUS = 202


def not_reflected(timeout):
    """Why a write answered 202 failed: the reason of a phone, or an object's message after its name."""
    return ('SRAPS accepted the write (HTTP 202: it acts asynchronously) but did not show it within %d seconds '
            '(async_timeout); it may still carry it out. Run again: a re-run reads what SRAPS holds and '
            'converges' % timeout)


class SrapsAccount(object):
    """The company a module acts in, planned companies, and what is read once or cached."""

    def __init__(self, client, company=None, planned_company=False, cache=None, async_timeout=60,
                 cache_companies=True):
        self.client = client
        self.async_timeout = async_timeout
        self._company_option = company
        self.planned_company = planned_company
        # None, or a _sraps_cache.FileCache for this API URL and key (the cache_ttl option).
        self.cache = cache
        # Whether the cache keeps the company lookups too (a positive cache_ttl), not only the catalogues.
        self.cache_companies = cache_companies
        self._memo = {}
        # The SHARED_LISTS this run took from the cache and has not read afresh since.
        self._from_cache = set()

    def __getattr__(self, name):
        # The transport's own facts (check_mode, stats, request, url, ...) read through the account.
        if name.startswith('__') or name == 'client':
            raise AttributeError(name)
        return getattr(self.client, name)

    # ------------------------------------------------------------ company
    @property
    def company_uuid(self):
        """The company the module acts on, resolved once: own company, a uuid, or a name."""
        if 'company' not in self._memo:
            self._memo['company'] = self._resolve_company_cached(self._company_option)
        return self._memo['company']

    def _resolve_company_cached(self, company):
        """resolve_company(), kept in the FileCache under the company option when cache_ttl is positive."""
        if self.cache is None or not self.cache_companies or (company and uuid_form(company)):
            return self.resolve_company(company)
        name = 'company:%s' % (company or '')
        found = self.cache.get(name)
        if isinstance(found, str) and UUID_RE.match(found):
            return found
        found = self.resolve_company(company)
        if found:
            self.cache.put(name, found)
        return found

    def resolve_company(self, company):
        """The uuid of the company named by the company option (None or '': the key's own company)."""
        if company is None or company == '':
            link = (self.token().get('links') or {}).get('company')
            if not link:
                raise SrapsApiError('SRAPS did not say which company access key %s belongs to; set company'
                                    % self.client.key_id)
            return urlsplit(link).path.rstrip('/').rsplit('/', 1)[-1]
        if uuid_form(company):
            return uuid_form(company)   # used as given: a key may act in a company it cannot list
        companies = self.cached_list('companies')
        found = resolve(companies, company, 'company name %r' % company)
        if found is not None:
            return found[api.FIELDS['uuid']]
        if self.planned_company and self.client.check_mode:
            self.client.warn('check mode: company %r does not exist yet; the same run creates it, so this '
                             'task plans as if the company were empty' % company)
            return None
        names = sorted(c.get('name') or '' for c in companies)
        raise SrapsInputError('company %r is not among the companies this key can see (%s); check the name '
                              'or give its uuid' % (company, ', '.join(names) or 'none'))

    def act_in(self, uuid):
        """Act in company uuid from now on (None: a company check mode plans to create, read as empty).
        What was read once per run of the former company is forgotten; the global catalogues are kept."""
        kept = ['token'] + [k for k in self._memo if isinstance(k, tuple) and k[0] in SHARED_LISTS + ('companies',)]
        self._memo = dict((k, self._memo[k]) for k in kept if k in self._memo)
        self._memo['company'] = uuid

    def forget(self, resource):
        """Read the collection resource afresh next time (after this run wrote to it)."""
        for key in [k for k in self._memo if isinstance(k, tuple) and k[0] == resource]:
            del self._memo[key]

    def token(self):
        """The access key as SRAPS describes it (tokens/{id}: its company link and role), read once."""
        if 'token' not in self._memo:
            self._memo['token'] = self.client.get('token', key_id=self.client.key_id) or {}
        return self._memo['token']

    def company(self):
        """The company object the module acts on (None for a company check mode plans to create)."""
        if self.company_uuid is None:
            return None
        return self.get('company', company=self.company_uuid)

    # ------------------------------------------------------------ verbs
    def _params(self, resource, params):
        """params with the company filled in; None for a collection of a planned company (it is empty)."""
        known = api.RESOURCES.get(resource)   # an unknown one is the transport's error to report
        if known is not None and '{company}' in known.path and 'company' not in params:
            if self.company_uuid is None:
                return None
            params = dict(params, company=self.company_uuid)
        return params

    def url(self, resource, query=None, **params):
        return self.client.url(resource, query=query, **self._params(resource, params))

    def get(self, resource, query=None, missing_ok=False, **params):
        params = self._params(resource, params)
        return None if params is None else self.client.get(resource, query=query, missing_ok=missing_ok, **params)

    def list(self, resource, query=None, limit=None, **params):
        params = self._params(resource, params)
        return [] if params is None else self.client.list(resource, query=query, limit=limit, **params)

    def pages(self, resource, query=None, **params):
        """The pages of a collection one by one (none for a collection of a planned company)."""
        params = self._params(resource, params)
        if params is None:
            return iter(())
        return self.client.pages(resource, query=query, **params)

    def create(self, resource, body, find=None, unique=False, **params):
        response = self.client.create(resource, body, find=find, unique=unique, **self._params(resource, params))
        self._written(resource)
        return response

    def put(self, resource, body, **params):
        response = self.client.put(resource, body, **self._params(resource, params))
        self._written(resource)
        return response

    def delete(self, resource, missing_ok=True, **params):
        response = self.client.delete(resource, missing_ok=missing_ok, **self._params(resource, params))
        self._written(resource)
        return response

    def wait_for(self, pending, check):
        """Wait for writes SRAPS answered 202: check(pending) reads them back and returns those that do not
        show yet; it is called with backoff until none is left or async_timeout has passed (a last read at
        the deadline). Returns the writes that never showed (an empty list when all did)."""
        deadline = self.client.now() + self.async_timeout
        delay = ASYNC_FIRST_POLL
        while True:
            left = deadline - self.client.now()
            if left > 0:
                self.client.pause(min(delay, left))
            pending = check(pending)
            if not pending or self.client.now() >= deadline:
                return pending
            delay = min(delay * 2, ASYNC_MAX_POLL)

    def _written(self, resource):
        if self.cache is not None and resource in COMPANY_RESOURCES:
            # A company was created, changed or deleted: names may now resolve differently.
            self.cache.forget('company:')

    def cached_list(self, resource, **params):
        """A collection read at most once per run (catalogues, the company list, the profiles).

        With a FileCache, the global catalogues are also kept between module runs.
        """
        key = (resource, tuple(sorted(params.items())))
        if key not in self._memo:
            shared = self.cache is not None and resource in SHARED_LISTS and not params
            items = self.cache.get('list:' + resource) if shared else None
            if isinstance(items, list):
                self._from_cache.add(resource)
            else:
                items = self.list(resource, **params)
                if shared:
                    self.cache.put('list:' + resource, items)
            self._memo[key] = items
        return self._memo[key]

    def refresh_list(self, resource):
        """Read a global catalogue afresh when this run took it from the cache, and keep that in the cache.

        For a name or uuid missing from it: the catalogue may have grown since it was cached, and a stale
        cache must not turn a valid name into an error. At most once per catalogue and run. True when it
        was read again (the caller looks again), False when what the run holds is already SRAPS's answer.
        """
        if resource not in self._from_cache:
            return False
        self._from_cache.discard(resource)
        items = self.list(resource)
        self._memo[(resource, ())] = items
        if self.cache is not None:
            self.cache.put('list:' + resource, items)
        return True
