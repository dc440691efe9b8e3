import sys, json
from scribe.settings import Settings
from scribe.services import build_services
s = Settings(data_dir="/tmp/dev")
svc = build_services(s); chain = svc.qa_chain(offline=True)
items = {json.loads(l)['id']: json.loads(l) for l in open('eval/devset/qa_dev.jsonl')}
for q in sys.argv[1:]:
    q = items.get(q, {}).get('question', q)
    a = chain.ask(q)
    print(a.text[:200])
    for v in a.verdicts:
        print('  ', v.figure.surface, v.label.value, getattr(v,'conflict',None), v.reason[:150])
