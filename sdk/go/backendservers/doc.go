// The backend servers behind Alibaba Cloud CLB, ALB, NLB and ENS and Huawei Cloud ELB load balancers, reconciled in the fewest API calls.
package backendservers
