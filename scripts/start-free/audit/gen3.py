# usage: /usr/bin/python3 gen3.py START END [w]  -> c3/<fam>[w]<seed>.csv, ./ref3[w]_<START>.json
# 'w' = well-sampled designs: peaks at least ~2.5 row spacings wide, biexp x log-spaced so the fast term has rows
import numpy as np, sys, json, warnings
from scipy.optimize import least_squares
from reference import best_fit, noisy_case
warnings.filterwarnings('ignore')
E=np.exp; L=np.log
fams = {
 'l4':   ("d+(a-d)/(1+(x/c)^b)", ['d','a','c','b'], lambda p,x: p[0]+(p[1]-p[0])/(1+(x/p[2])**p[3])),
 'gomp': ("a*exp(-b*exp(-k*x))", ['a','b','k'], lambda p,x: p[0]*E(-p[1]*E(-p[2]*x))),
 'weib': ("a*(1-exp(-(x/l)^k))+c", ['a','l','k','c'], lambda p,x: p[0]*(1-E(-(x/p[1])**p[2]))+p[3]),
 'mm':   ("vmax*x/(km+x)", ['vmax','km'], lambda p,x: p[0]*x/(p[1]+x)),
 'hill': ("vmax*x^n/(k^n+x^n)", ['vmax','n','k'], lambda p,x: p[0]*x**p[1]/(p[2]**p[1]+x**p[1])),
 'pow':  ("a*x^b+c", ['a','b','c'], lambda p,x: p[0]*x**p[1]+p[2]),
 'erise':("a*(1-exp(-k*x))+c", ['a','k','c'], lambda p,x: p[0]*(1-E(-p[1]*x))+p[2]),
 'gexp': ("a*exp(-(x-m)^2/(2*s^2))+b*exp(-k*x)+c", ['a','m','s','b','k','c'],
          lambda p,x: p[0]*E(-(x-p[1])**2/(2*p[2]**2))+p[3]*E(-p[4]*x)+p[5]),
 'sinl': ("a*sin(w*x+ph)+b+d*x", ['a','w','ph','b','d'], lambda p,x: p[0]*np.sin(p[1]*x+p[2])+p[3]+p[4]*x),
 'damp': ("a*exp(-x/tau)*cos(2*pi*f*x+ph)+c", ['a','tau','f','ph','c'],
          lambda p,x: p[0]*E(-x/p[1])*np.cos(2*np.pi*p[2]*x+p[3])+p[4]),
 'lg':   ("a1/(1+((x-m1)/g)^2)+a2*exp(-(x-m2)^2/(2*s^2))+c", ['a1','m1','g','a2','m2','s','c'],
          lambda p,x: p[0]/(1+((x-p[1])/p[2])**2)+p[3]*E(-(x-p[4])**2/(2*p[5]**2))+p[6]),
 'gq':   ("a*exp(-(x-m)^2/(2*s^2))+b0+b1*x+b2*x^2", ['a','m','s','b0','b1','b2'],
          lambda p,x: p[0]*E(-(x-p[1])**2/(2*p[2]**2))+p[3]+p[4]*x+p[5]*x**2),
 'be3':  ("a1*exp(-k1*x)+a2*exp(-k2*x)+c", ['a1','k1','a2','k2','c'],
          lambda p,x: p[0]*E(-p[1]*x)+p[2]*E(-p[3]*x)+p[4]),
 'lnp':  ("a*exp(-(log(x/m))^2/(2*s^2))+c", ['a','m','s','c'], lambda p,x: p[0]*E(-(L(x/p[1]))**2/(2*p[2]**2))+p[3]),
}
W=len(sys.argv)>3 and sys.argv[3]=='w'
def gen(fam, r, n):
  U=r.uniform
  if W and fam=='be3':
    k1=U(0.01,0.1); k2=k1*U(5,20); a1=U(100,5000)
    x=np.sort(np.r_[0,10**U(np.log10(0.1/k2),np.log10(5/k1),n-1)]); return x,[a1,k1,a1*U(0.3,3),k2,U(-50,200)]
  if W and fam=='gexp':
    sp=70/n; x=np.sort(U(10,80,n)); k=U(0.02,0.06); b=U(200,1000)
    return x,[b*E(-k*10)*U(0.3,1),U(25,65),max(U(0.5,3),U(2.5,4)*sp),b,k,U(5,50)]
  if W and fam=='gq':
    sp=600/n; x=np.sort(U(200,800,n)); return x,[U(50,500),U(350,650),max(U(5,30),U(2.5,4)*sp),U(100,500),U(-0.5,0.5),U(-4e-4,4e-4)]
  if W and fam=='lg':
    sp=300/n; g=max(U(3,12),U(2.5,4)*sp); s=max(U(3,12),U(2.5,4)*sp); m1=U(430,480); m2=m1+U(5,8)*max(g,s)
    x=np.sort(U(400,max(700,m2+4*s),n)); return x,[U(100,2000),m1,g,U(100,2000),m2,s,U(10,200)]
  if fam=='l4':   # dose-response, conc in mol/L, log spaced
    c=10**U(-8,-5); x=np.sort(10**U(np.log10(c)-3,np.log10(c)+3,n)); b=U(0.6,3)
    return x,[U(80,120),U(-5,15),c,b]
  if fam=='gomp': # growth, days
    x=np.sort(U(0,60,n)); return x,[U(500,5000),U(3,15),U(0.08,0.3)]
  if fam=='weib': # seconds
    l=U(50,300); x=np.sort(U(0,3*l,n)); return x,[U(20,200),l,U(1.5,4),U(-5,5)]
  if fam=='mm':   # substrate mol/L, rate nmol/min
    km=10**U(-5,-3.5); x=np.sort(U(0.05*km,10*km,n)); return x,[U(20,500),km]
  if fam=='hill':
    k=10**U(-7,-4); x=np.sort(10**U(np.log10(k)-1.5,np.log10(k)+1.5,n)); return x,[U(50,1000),U(1.5,4),k]
  if fam=='pow':  # size in nm
    x=np.sort(U(5,1000,n)); b=r.choice([-1,1])*U(0.3,1.8); return x,[U(2,50)*(1 if b>0 else 100),b,U(-20,20)]
  if fam=='erise':# seconds
    k=U(0.005,0.05); x=np.sort(U(0,5/k,n)); return x,[U(50,500),k,U(-20,20)]
  if fam=='gexp': # 2theta degrees
    x=np.sort(U(10,80,n)); k=U(0.02,0.06); b=U(200,1000); return x,[b*E(-k*10)*U(0.3,1),U(25,70),U(0.5,3),b,k,U(5,50)]
  if fam=='sinl': # years or seconds
    if r.random()<0.5: x=np.sort(U(1980,2020,n))
    else: x=np.sort(U(0,10,n))
    cyc=U(2,40); w=2*np.pi*cyc/(x[-1]-x[0]); a=U(1,20)
    return x,[a,w,U(-np.pi,np.pi),U(-50,50) if x[0]<100 else U(-1000,1000),U(-1,1)*a/(x[-1]-x[0])]
  if fam=='damp': # seconds, Hz
    x=np.sort(U(0,2,n)); return x,[U(2,50),U(0.2,1.5),U(2,20),U(-np.pi,np.pi),U(-100,100)]
  if fam=='lg':   # nm
    x=np.sort(U(400,700,n)); g=U(3,12); s=U(3,12); m1=U(430,520); m2=m1+U(6,10)*max(g,s)
    if m2>680: m2=680
    return x,[U(100,2000),m1,g,U(100,2000),m2,s,U(10,200)]
  if fam=='gq':   # nm
    x=np.sort(U(200,800,n)); return x,[U(50,500),U(300,700),U(5,30),U(100,500),U(-0.5,0.5),U(-4e-4,4e-4)]
  if fam=='be3':  # seconds
    k1=U(0.01,0.1); k2=k1*U(5,20); x=np.sort(U(0,5/k1,n)); a1=U(100,5000)
    return x,[a1,k1,a1*U(0.3,3),k2,U(-50,200)]
  if fam=='lnp':  # particle size nm
    m=U(20,300); x=np.sort(U(2,1000,n)) if r.random()<.5 else np.sort(10**U(0,3.3,n))
    return x,[U(100,5000),m,U(0.2,0.8),U(-10,50)]
out=[]
for fam,(expr,names,f) in fams.items():
  if W and fam not in ('be3','gexp','gq','lg'): continue
  for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    r=np.random.default_rng(7919*list(fams).index(fam)+seed)
    n=int(r.integers(15,51)) if seed%2==0 else int(r.integers(200,2001))
    x,p=gen(fam,r,n); p=[float(v) for v in p]
    name=f'c3/{fam}{"w" if W else ""}{seed}.csv'
    x,y,noise=noisy_case(f,p,x,r,name)
    best=best_fit(f,p,x,y,r)
    out.append(dict(fam=fam,file=name,model=expr,names=names,rss=2*best.cost,params=list(best.x),true=p,n=n,noise=noise))
    print(fam,seed,n,'%.6g'%(2*best.cost),'expected~%.6g'%(n*noise**2),flush=True)
json.dump(out,open(f'./ref3{"w" if W else ""}_{sys.argv[1]}.json','w')); print(len(out))
