"""Three changes made beside the book, as someone in the SRAPS web interface would make them:

- profile "Bar" of Bistro Nord: timezone GER+1 -> FIN+2 (a setting);
- phone 000413010001 of Acme Dental: profile Office -> Handsets (a phone's profile);
- a new phone 000413050002 "Pool bar" in Echo Hotel & Spa.

Signed requests of their own (sraps_tools), not the collection's client. The passwords a GET shows
masked go back as they came, so the simulator must keep stored secrets (mode mask_sent_back=keep), as
the web interface does.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'setup_sraps_tools'))
import sraps_tools  # noqa: E402  pylint: disable=wrong-import-position


def ok(status, body, what):
    if status >= 400:
        sys.exit('%s: HTTP %d %r' % (what, status, body))
    return body


def main():
    state = sraps_tools.admin('GET', 'state')
    company = {c['name']: u for u, c in state['companies'].items()}
    profile = {(p['company'], p['name']): u for u, p in state['profiles'].items()}
    bistro, acme, echo = company['Bistro Nord'], company['Acme Dental'], company['Echo Hotel & Spa']

    path = 'companies/%s/provisioning-profiles/%s' % (bistro, profile[(bistro, 'Bar')])
    bar_profile = ok(*sraps_tools.api('GET', path), what='GET Bar')
    for value in bar_profile['settings_manager'].values():
        if isinstance(value, dict) and value.get('value') == 'GER+1':
            value['value'] = 'FIN+2'
    ok(*sraps_tools.api('PUT', path, bar_profile), what='PUT Bar')

    path = 'companies/%s/endpoints/000413010001' % acme
    phone = ok(*sraps_tools.api('GET', path), what='GET phone')
    phone['provisioning_profile'] = profile[(acme, 'Handsets')]
    ok(*sraps_tools.api('PUT', path, phone), what='PUT phone')

    ok(*sraps_tools.api('PUT', 'companies/%s/endpoints/000413050002' % echo,
                        {'mac': '000413050002', 'name': 'Pool bar', 'autoprovisioning_enabled': True}),
       what='PUT new phone')


if __name__ == '__main__':
    main()
