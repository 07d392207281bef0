# usage: /usr/bin/python3 gen4.py START END [fam,fam..] -> c4/<fam><seed>.csv, ./ref4_<START>[_fams].json
import numpy as np, sys, json, warnings
from scipy.optimize import least_squares
from reference import best_fit, noisy_case
from scipy.special import erfc
warnings.filterwarnings('ignore')
E=np.exp; L=np.log
fams = {
 'tri':  ("a1*exp(-k1*x)+a2*exp(-k2*x)+a3*exp(-k3*x)+c", ['a1','k1','a2','k2','a3','k3','c'],
          lambda p,x: p[0]*E(-p[1]*x)+p[2]*E(-p[3]*x)+p[4]*E(-p[5]*x)+p[6]),
 'rich': ("a/(1+v*exp(-k*(x-m)))^(1/v)", ['a','v','k','m'], lambda p,x: p[0]/(1+p[1]*E(-p[2]*(x-p[3])))**(1/p[1])),
 'chap': ("a*(1-exp(-k*x))^p", ['a','k','p'], lambda p,x: p[0]*(1-E(-p[1]*x))**p[2]),
 'llog': ("a*(x/m)^(b-1)/(1+(x/m)^b)^2+c", ['a','m','b','c'], lambda p,x: p[0]*(x/p[1])**(p[2]-1)/(1+(x/p[1])**p[2])**2+p[3]),
 'spow': ("a*(x-x0)^b", ['a','x0','b'], lambda p,x: p[0]*(x-p[1])**p[2]),
 'sin2': ("a1*sin(w1*x+p1)+a2*sin(w2*x+p2)+c", ['a1','w1','p1','a2','w2','p2','c'],
          lambda p,x: p[0]*np.sin(p[1]*x+p[2])+p[3]*np.sin(p[4]*x+p[5])+p[6]),
 'emg':  ("a*exp(l/2*(2*m+l*s^2-2*x))*erfc((m+l*s^2-x)/(sqrt(2)*s))+c", ['a','l','m','s','c'],
          lambda p,x: p[0]*E(p[1]/2*(2*p[2]+p[1]*p[3]**2-2*x))*erfc((p[2]+p[1]*p[3]**2-x)/(np.sqrt(2)*p[3]))+p[4]),
 'rat':  ("(a+b*x)/(1+c*x+d*x^2)", ['a','b','c','d'], lambda p,x: (p[0]+p[1]*x)/(1+p[2]*x+p[3]*x**2)),
 'arr':  ("log(A1*exp(-E1/(8.314*x))+A2*exp(-E2/(8.314*x)))", ['A1','E1','A2','E2'],
          lambda p,x: L(p[0]*E(-p[1]/(8.314*x))+p[2]*E(-p[3]/(8.314*x)))),
 'arrl': ("log(exp(a1-E1/(8.314*x))+exp(a2-E2/(8.314*x)))", ['a1','E1','a2','E2'],
          lambda p,x: L(E(p[0]-p[1]/(8.314*x))+E(p[2]-p[3]/(8.314*x)))),
 'sigd': ("d+a/(1+exp(-(x-t0)/s))+e1*x", ["d","a","t0","s","e1"], lambda p,x: p[0]+p[1]/(1+E(-(x-p[2])/p[3]))+p[4]*x),
 'voigt':("a1*exp(-(x-m)^2/(2*s^2))+a2/(1+((x-m)/g)^2)+c", ['a1','m','s','a2','g','c'],
          lambda p,x: p[0]*E(-(x-p[1])**2/(2*p[2]**2))+p[3]/(1+((x-p[1])/p[4])**2)+p[5]),
 'planck':("a*x^3/(exp(b*x)-1)", ['a','b'], lambda p,x: p[0]*x**3/(E(p[1]*x)-1)),
}
def gen(fam, r, n):
  U=r.uniform
  if fam=='tri':  # seconds, log-spaced
    k1=U(0.001,0.05); k2=k1*U(3,10); k3=k2*U(3,10); a=U(100,5000)
    x=np.sort(np.r_[0,10**U(np.log10(0.1/k3),np.log10(5/k1),n-1)])
    return x,[a*U(0.5,2),k1,a*U(0.5,2),k2,a*U(0.5,2),k3,U(-0.02,0.05)*a]
  if fam=='rich': # days, biomass g
    k=U(0.1,0.5); m=U(20,60); x=np.sort(U(0,m+8/k,n)); return x,[U(100,3000),U(0.3,3),k,m]
  if fam=='chap': # tree height m vs age years
    k=U(0.01,0.06); x=np.sort(U(1,4/k,n)); return x,[U(15,45),k,U(1.2,4)]
  if fam=='llog': # hours, concentration ng/mL peak
    m=U(2,50); b=U(2.5,8); x=np.sort(U(0.05*m,5*m,n)); return x,[U(100,5000),m,b,U(-10,30)]
  if fam=='spow': # temperature K above threshold x0
    x0=U(200,300); x=np.sort(U(x0+U(5,40),x0+U(150,300),n)); b=U(0.3,2.5); return x,[U(0.5,50)*(100/ (150**b)),x0,b]
  if fam=='sin2': # seconds
    x=np.sort(U(0,U(1,100),n)); T=x[-1]-x[0]; c1=U(1.5,min(6,n/8)); c2=c1*U(1.7,3.5); c2=min(c2,n/6)
    if c2<c1*1.5: c2=c1*1.5
    a=U(1,50); return x,[a,2*np.pi*c1/T,U(-np.pi,np.pi),a*U(0.4,1.2),2*np.pi*c2/T,U(-np.pi,np.pi),U(-100,100)]
  if fam=='emg':  # chromatography, minutes
    m=U(3,15); s=U(0.03,0.3); tau=s*U(1,4); x=np.sort(U(m-6*s,m+6*s+10*tau,n))
    return x,[U(1e3,1e5),1/tau,m,s,U(-50,200)]
  if fam=='rat':  # temperature C, property
    X=U(20,1000); x=np.sort(U(0,X,n)); d0=U(0.5,5); c0=U(-0.9*np.sqrt(4*d0),2); a=U(10,1000)
    return x,[a,a*U(-2,5)/X,c0/X,d0/X**2]
  if fam=='arr':  # K, ln(rate)
    x=np.sort(U(250,350,n)) if r.random()<.5 else np.sort(U(300,700,n)); T1,T2=x[0],x[-1]
    E1=U(20e3,60e3); E2=E1+U(40e3,100e3); A1=10**U(3,10); Tc=T1+(T2-T1)*U(0.35,0.65)
    A2=A1*E(-E1/(8.314*Tc))/E(-E2/(8.314*Tc)); return x,[A1,E1,A2,E2]
  if fam=='arrl':
    x,p=gen('arr',r,n); return x,[float(np.log(p[0])),p[1],float(np.log(p[2])),p[3]]
  if fam=='sigd': # hours, fluorescence
    s=U(0.5,3); t0=U(10,35); x=np.sort(U(0,48,n)); a=U(500,20000)
    return x,[U(100,2000),a,t0,s,a*U(-0.01,0.01)]
  if fam=='voigt':# wavenumber cm^-1
    m=U(1200,1800); s=U(4,25); g=s*U(1.5,4); x=np.sort(U(m-max(10*g,6*s),m+max(10*g,6*s),n))
    a=U(100,5000); return x,[a,m,s,a*U(0.4,1.5),g,U(-50,200)]
  if fam=='planck':# wavenumber cm^-1, b=hc/kT
    T=U(300,3000); b=1.4388/T; x=np.sort(U(0.1/b,10/b,n)); yp=U(1,1000); return x,[yp/((2.82/b)**3/(E(2.82)-1)),b]
only=sys.argv[3].split(',') if len(sys.argv)>3 else None
out=[]
for fam,(expr,names,f) in fams.items():
  if only and fam not in only: continue
  for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    r=np.random.default_rng(104729+7919*list(fams).index(fam)+seed)
    n=int(r.integers(15,61)) if seed%2==0 else int(r.integers(200,2001))
    x,p=gen(fam,r,n); p=[float(v) for v in p]
    name=f'c4/{fam}{seed}.csv'
    x,y,noise=noisy_case(f,p,x,r,name)
    best=best_fit(f,p,x,y,r)
    J=best.jac; rss=2*best.cost; dof=max(n-len(p),1)
    try: se=np.sqrt(np.diag(np.linalg.pinv(J.T@J))*rss/dof); relse=list(np.abs(se/best.x))
    except Exception: relse=[float('nan')]*len(p)
    out.append(dict(fam=fam,file=name,model=expr,names=names,rss=rss,params=list(best.x),true=p,n=n,noise=noise,relse=[float(v) for v in relse]))
    print(fam,seed,n,'%.6g'%rss,'expected~%.6g'%(n*noise**2),'maxrelse %.3g'%max(relse),flush=True)
json.dump(out,open(f'./ref4_{sys.argv[1]}{"_"+sys.argv[3] if only else ""}.json','w')); print(len(out))
